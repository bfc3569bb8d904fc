package digits.train;

import digits.data.Dataset;
import digits.data.HandwritingStyle;
import digits.data.UserDigits;
import digits.testing.Mnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code train --add DIR --add-weight N}: a person's digits join the training part only, N times each. */
class AddedDigitsTest {
    @Test
    void addedDigitsJoinTheTrainingPartOnlyWithTheirWeight(@TempDir Path tmp) {
        Mnist.Digits train = Mnist.train(1500);
        Dataset closedFours = HandwritingStyle.CLOSED_FOUR.apply(new Dataset("mnist-train", train.pixels(), train.labels()), 12);
        assertThat(closedFours.size()).isEqualTo(12);
        try (UserDigits me = UserDigits.open(tmp.resolve("me"), 100)) {
            for (int i = 0; i < closedFours.size(); i++) me.append(closedFours.image(i), closedFours.label(i));
        }
        TrainingRequest plain = TrainingRequest.builder().set(TrainingSettings.LIMIT, 1000).build();
        TrainingRequest added = plain.toBuilder().parse("add", tmp.resolve("me").toString()).parse("add-weight", "3").build();
        TrainingData without = TrainingData.load(plain);
        TrainingData with = TrainingData.load(added);

        assertThat(with.validation().size()).isEqualTo(without.validation().size());
        assertThat(with.validation().pixels()).isEqualTo(without.validation().pixels());
        assertThat(with.train().size()).isEqualTo(without.train().size() + 3 * 12);
        int fours = 0;
        for (int i = without.train().size(); i < with.train().size(); i++) {
            assertThat(with.train().image(i)).containsExactly(closedFours.image((i - without.train().size()) % 12));
            if (with.train().label(i) == 4) fours++;
        }
        assertThat(fours).isEqualTo(36);
        // Ensemble members split again for their seed and keep the added digits.
        TrainingData member = with.splitFor(added.with(TrainingSettings.SEED, 43L));
        assertThat(member.train().size()).isEqualTo(with.train().size());
        assertThat(added.toString()).contains("add-weight=3");
        // Data handed over as it is (the benchmarks, an ensemble's images left after --select) gets them too.
        TrainingData given = TrainingData.of(added, without.all(), null);
        assertThat(given.train().size()).isEqualTo(with.train().size());
        assertThat(given.train().pixels()).isEqualTo(with.train().pixels());
        assertThat(TrainingData.of(plain, without.all(), null).train().size()).isEqualTo(without.train().size());
    }
}
