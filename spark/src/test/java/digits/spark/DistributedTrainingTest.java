package digits.spark;

import digits.api.DigitRecognizer;
import digits.model.EnsembleStore;
import digits.model.ModelStore;
import digits.testing.Mnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ensembles trained as Spark tasks on local[2] through the runner, read back by the library as {@code digits
 * evaluate / predict / serve} read them.
 */
class DistributedTrainingTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void startSpark() {
        LocalSpark.session();
    }

    private record Run(int exit, String out, String err) {}

    private static Run runner(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SparkRunner.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static double accuracy(DigitRecognizer recognizer, Mnist.Digits digits) {
        var predictions = recognizer.predictBatch(IntStream.range(0, digits.size()).mapToObj(digits::image).toList());
        return IntStream.range(0, digits.size()).filter(i -> predictions.get(i).label() == digits.labels()[i]).count()
                / (double) digits.size();
    }

    @Test
    void seedMembersTrainedAsTasksMakeAnEnsembleTheLibraryLoads() {
        Path dir = tmp.resolve("seeds");

        Run run = runner("ensemble", "--master", "local[2]", "--members", "2", "--set", "model=logistic",
                "--set", "epochs=2", "--set", "limit=10000", "--set", "seed=5", "-o", dir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("member-1", "member-2", "Saved ensemble");
        assertThat(dir.resolve("member-1").resolve(ModelStore.DESCRIPTOR)).isRegularFile();
        assertThat(ModelStore.readDescriptor(dir.resolve("member-2")).training()).containsEntry("seed", 6);
        var descriptor = EnsembleStore.readDescriptor(dir);
        assertThat(descriptor.members()).hasSize(2);
        assertThat(descriptor.metrics().get("test_accuracy")).as("ensemble test accuracy (10,000 digits)").isGreaterThan(0.85);
        try (DigitRecognizer ensemble = DigitRecognizer.load(dir)) {
            assertThat(ensemble.isEnsemble()).isTrue();
            assertThat(accuracy(ensemble, Mnist.test(2000))).isGreaterThan(0.85);
        }
    }

    @Test
    void sweepConfigurationsTrainedAsTasksMakeAMixedEnsemble() {
        Path dir = tmp.resolve("configs");

        Run run = runner("ensemble", "--master", "local[2]", "--set", "epochs=2", "--set", "limit=10000", "--set", "test=none",
                "--config", "model=logistic", "--config", "model=mlp hidden=32", "-o", dir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(ModelStore.readDescriptor(dir.resolve("member-1")).architecture()).isEqualTo("10");
        assertThat(ModelStore.readDescriptor(dir.resolve("member-2")).name()).isEqualTo("mlp-32");
        try (DigitRecognizer ensemble = DigitRecognizer.load(dir)) {
            assertThat(ensemble.models()).hasSize(2);
            assertThat(accuracy(ensemble, Mnist.test(2000))).isGreaterThan(0.8);
        }
    }

    @Test
    void aBadSettingIsRefusedBeforeAnyTaskRuns() {
        Path dir = tmp.resolve("refused");

        Run run = runner("ensemble", "--master", "local[2]", "--members", "2", "--set", "epochs=0", "-o", dir.toString());

        assertThat(run.exit()).isEqualTo(SparkRunner.BAD_INPUT);
        assertThat(run.err()).isEqualTo("digits-spark: error: epochs must be at least 1, got 0\n");
        assertThat(Files.exists(dir)).isFalse();
    }
}
