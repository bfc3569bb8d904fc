package digits.serve;

import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.data.HandwritingStyle;
import digits.data.UserDigits;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import digits.train.FineTune;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --learn}: after enough corrections the real model is fine-tuned in the background; the result answers
 * only when the swap rule accepts it. A fine-tune that ruins the model (a learning rate far too high) is refused.
 */
class LearnerTest {
    private static Path base;
    private static Dataset corrections;

    @BeforeAll
    static void setUp() {
        base = TrainedModels.mlp();
        Mnist.Digits train = Mnist.train(1500);
        corrections = HandwritingStyle.CLOSED_FOUR.apply(new Dataset("mnist-train", train.pixels(), train.labels()), 50);
    }

    @Test
    void theSwapRuleWantsMnistKeptAndTheHeldOutDigitsImproved() {
        assertThat(Learner.accepts(0.9931, 0.40, 0.9921, 0.60)).isTrue();   // 0.1 point lower: still within
        assertThat(Learner.accepts(0.9931, 0.40, 0.9920, 0.99)).isFalse();  // 0.11 point lower
        assertThat(Learner.accepts(0.9931, 0.40, 0.9950, 0.40)).isFalse();  // no better on the person's digits
        assertThat(Learner.accepts(0.9931, 0.40, 0.9950, 0.38)).isFalse();
    }

    /** Saves {@code n} corrections through a learner that fine-tunes after every 25, waits for its attempt. */
    private static ObjectNode learn(Path dir, SwappableClassifier answering, FineTune settings, List<String> log)
            throws Exception {
        try (UserDigits digits = UserDigits.open(dir, 1000);
             Learner learner = new Learner(base, digits, answering, settings, 25, log::add)) {
            for (int i = 0; i < 25; i++) {
                digits.append(corrections.image(i), corrections.label(i));
                learner.digitAdded();
            }
            learner.awaitIdle(600);
            return learner.lastAttempt();
        }
    }

    @Test
    void aBetterModelIsSwappedInAndAnswers(@TempDir Path tmp) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        try (SwappableClassifier answering = new SwappableClassifier(DigitRecognizer.load(base))) {
            String before = answering.modelId();
            ObjectNode attempt = learn(tmp.resolve("me"), answering, FineTune.DEFAULTS, log);
            assertThat(attempt).as("log: %s", log).isNotNull();
            assertThat(attempt.get("swapped").asBoolean()).as(attempt.toString()).isTrue();
            assertThat(attempt.get("heldOutAccuracyAfter").asDouble()).isGreaterThan(attempt.get("heldOutAccuracyBefore").asDouble());
            assertThat(answering.version()).isEqualTo(2);
            assertThat(answering.modelId()).isNotEqualTo(before).endsWith(" v2").startsWith(TrainedModels.MLP + "+personal");
            assertThat(answering.info().get("version").asInt()).isEqualTo(2);
            assertThat(tmp.resolve("me/models/attempt-1/model.json")).exists();
            assertThat(log).singleElement().asString().contains("now answering as v2");
        }
    }

    @Test
    void aWorseModelIsNotSwappedIn(@TempDir Path tmp) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        FineTune ruinous = new FineTune(2, 0.5, 4, 2000, 64, 42);
        try (SwappableClassifier answering = new SwappableClassifier(DigitRecognizer.load(base))) {
            String before = answering.modelId();
            ObjectNode attempt = learn(tmp.resolve("me"), answering, ruinous, log);
            assertThat(attempt).as("log: %s", log).isNotNull();
            assertThat(attempt.get("swapped").asBoolean()).as(attempt.toString()).isFalse();
            assertThat(attempt.get("mnistTestAccuracy").asDouble())
                    .isLessThan(attempt.get("mnistTestAccuracyStart").asDouble() - Learner.MNIST_TOLERANCE);
            assertThat(answering.version()).isEqualTo(1);
            assertThat(answering.modelId()).isEqualTo(before);
            assertThat(tmp.resolve("me/models/attempt-1")).doesNotExist();
            assertThat(log).singleElement().asString().contains("kept v1");
        }
        assertThat(Files.readAllLines(tmp.resolve("me").resolve(UserDigits.FILE))).hasSize(26);
    }
}
