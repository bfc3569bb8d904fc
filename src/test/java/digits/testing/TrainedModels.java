package digits.testing;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.train.TrainingConfig;
import digits.train.TrainingListener;
import digits.train.TrainingLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real models trained on real MNIST digits in a few seconds, saved as model directories the way {@code digits train}
 * saves them. Each is trained once per test JVM and shared by the test classes that need it; the directories are
 * deleted when the JVM exits.
 */
public final class TrainedModels {
    /**
     * A one-hidden-layer perceptron (64 units), 2 epochs on 10,000 digits. It reads thick hand-drawn 0, 1, 4 and 7
     * with confidence above 0.9.
     */
    public static final String MLP = "mlp-64";
    /** Multinomial logistic regression, 1 epoch on 5,000 digits: about 85%. */
    public static final String LOGISTIC = "logistic";

    private static final Map<String, Path> TRAINED = new HashMap<>();
    private static final Map<String, Double> ACCURACY = new HashMap<>();

    private TrainedModels() {}

    public static synchronized Path mlp() {
        return trained(MLP, ModelSpec.mlp(new int[]{64}, 0), 10_000, 2);
    }

    public static synchronized Path logistic() {
        return trained(LOGISTIC, ModelSpec.parse("10"), 5_000, 1);
    }

    /** Accuracy of an already trained model on the first 2,000 MNIST test digits. */
    public static synchronized double testAccuracy(String name) {
        Double accuracy = ACCURACY.get(name);
        if (accuracy == null) throw new IllegalStateException(name + " is not trained yet");
        return accuracy;
    }

    private static Path trained(String name, ModelSpec spec, int images, int epochs) {
        Path dir = TRAINED.get(name);
        if (dir != null) return dir;
        Dataset train = MnistFiles.train().head(images);
        Dataset test = MnistFiles.test().head(2000);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withSeed(7).withOptimizer("adam", 0.003);
        try (DigitModel net = DigitModel.create(spec)) {
            new TrainingLoop(net, config, TrainingListener.SILENT).fit(train, null);
            double accuracy = Evaluation.of(test.labels(), net.probabilities(test)).accuracy();
            ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.FORMAT, ModelDescriptor.FORMAT_VERSION, name,
                    spec.toString(), ModelSummary.of(spec).totalParams(), ModelDescriptor.Input.mnist(), config.describe(),
                    new ModelDescriptor.DataInfo(train.name(), null, train.size(), 0),
                    Map.of("test_accuracy", accuracy), Map.of(), Instant.now().toString(), null, null);
            dir = Files.createTempDirectory("digits-" + name + "-");
            ModelStore.save(net, descriptor, dir);
            deleteOnExit(dir);
            TRAINED.put(name, dir);
            ACCURACY.put(name, accuracy);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is harmless
            }
        }));
    }
}
