package digits.bench;

import digits.data.MnistFiles;
import digits.model.Architectures;
import digits.testing.TrainedModel;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory tools at a small scale: the numbers in docs/reliability.md come from the same code run longer. */
@Timeout(180)
class MemoryToolsTest {
    @Test
    void trainingRssSamplesBeforeTrainingAndAfterEveryEpoch() {
        List<MemorySample> seen = new ArrayList<>();
        List<MemorySample> samples = TrainingRss.run(Architectures.resolve("logistic", null, 0), MnistFiles.train().head(1000),
                TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 3), seen::add);
        assertThat(samples).extracting(MemorySample::label).containsExactly("before", "1", "2", "3");
        assertThat(seen).isEqualTo(samples);
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.rssBytes()).isPositive();
            assertThat(s.heapUsedBytes()).isPositive().isLessThanOrEqualTo(s.heapCommittedBytes());
        });
        assertThat(samples.get(3).seconds()).isGreaterThan(samples.get(1).seconds());
    }

    @Test
    void serverRssSoaksWithRightAnswersAndSamplesEveryNRequests() throws Exception {
        ServerRss.Result r = ServerRss.run(TrainedModel.directory(), 2000, 4, 500, false, s -> { });
        assertThat(r.wrong()).isZero();
        assertThat(r.good()).isEqualTo(1800);
        assertThat(r.bad()).isEqualTo(200);
        assertThat(r.samples()).extracting(MemorySample::label).containsExactly("0", "500", "1000", "1500", "2000");
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.rssBytes()).isPositive());
    }
}
