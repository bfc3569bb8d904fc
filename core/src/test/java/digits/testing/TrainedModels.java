package digits.testing;

import digits.api.PairData;
import digits.api.PairModels;
import digits.model.EngineSetup;
import digits.train.TrainingData;
import digits.train.TrainingJob;
import digits.train.TrainingRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real models for tests, trained on the embedded MNIST by the same {@link TrainingJob} as {@code digits train} (the
 * options below are its options): each is trained once per test JVM (a few seconds) into a temporary directory
 * removed at exit, and shared by the test classes that need it.
 */
public final class TrainedModels {
    /** {@code --model logistic --epochs 2 --limit 10000}: Adam on 9,000 digits, validated on 1,000 (about 85-88%). */
    public static final String LOGISTIC = "logistic";
    /**
     * {@code --model mlp --hidden 64 --epochs 2 --limit 10000}, constant learning rate 0.003 (about 90%). It reads thick
     * hand-drawn 0, 1, 4 and 7 with confidence above 0.9, so the drawing page's browser test uses it.
     */
    public static final String MLP = "mlp-64";

    /**
     * {@code --model quick-cnn --epochs 1 --limit 20000}: the default network for one epoch on 18,000 digits (about 98%),
     * for tests that need a reader as good as a real model at reading digits cut from a line (number reading).
     */
    public static final String SMALL_CNN = "small-cnn";

    /**
     * Pair models (digits.api.PairModels): 12,000 touching pairs of MNIST training digits ({@code digits pairs --count
     * 12000}), then {@code --model quick-cnn --epochs 1 --test none} on them for the left digit, for the right digit, and
     * for pair-or-one-digit (with as many single digits).
     */
    public static final String PAIRS = "pairs";

    private static final Map<String, Path> TRAINED = new HashMap<>();
    private static Path root;

    private TrainedModels() {}

    public static synchronized Path logistic() {
        return trained(LOGISTIC, "--model", "logistic", "--epochs", "2", "--limit", "10000");
    }

    public static synchronized Path mlp() {
        return trained(MLP, "--model", "mlp", "--hidden", "64", "--epochs", "2", "--limit", "10000",
                "--optimizer", "adam", "--lr", "0.003", "--lr-schedule", "constant", "--seed", "7");
    }

    public static synchronized Path smallCnn() {
        return trained(SMALL_CNN, "--model", "quick-cnn", "--epochs", "1", "--limit", "20000", "--seed", "7");
    }

    /** A pair-model directory: {@code left/}, {@code right/} and {@code which/}, as docs/numbers.md makes them, smaller. */
    public static synchronized Path pairModels() {
        Path dir = TRAINED.get(PAIRS);
        if (dir != null) return dir;
        dir = root().resolve(PAIRS);
        Path data = root().resolve("pair-data");
        PairData.write(PairData.make(12_000, 1, made -> {}), data);
        train(dir.resolve(PairModels.LEFT), "--input", data.resolve(PairData.LEFT_IMAGES).toString(), "--test", "none",
                "--model", "quick-cnn", "--epochs", "1", "--seed", "7");
        train(dir.resolve(PairModels.RIGHT), "--input", data.resolve(PairData.RIGHT_IMAGES).toString(), "--test", "none",
                "--model", "quick-cnn", "--epochs", "1", "--seed", "7");
        train(dir.resolve(PairModels.WHICH), "--input", data.resolve(PairData.WHICH_IMAGES).toString(), "--test", "none",
                "--model", "quick-cnn", "--epochs", "1", "--seed", "7");
        TRAINED.put(PAIRS, dir);
        return dir;
    }

    private static Path trained(String name, String... options) {
        Path dir = TRAINED.get(name);
        if (dir != null) return dir;
        dir = root().resolve(name);
        train(dir, options);
        TRAINED.put(name, dir);
        return dir;
    }

    /** Trains and saves a model as {@code digits train --threads 2 -o DIR OPTIONS} does (options as {@code --key value}). */
    public static void train(Path dir, String... options) {
        TrainingRequest.Builder builder = TrainingRequest.builder();
        for (int i = 0; i < options.length; i += 2) builder.parse(options[i].substring(2), options[i + 1]);
        TrainingRequest request = builder.build();
        EngineSetup.threads(2);
        new TrainingJob(request, TrainingData.load(request)).saveTo(dir).run();
    }

    private static Path root() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("digits-trained-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                root = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
