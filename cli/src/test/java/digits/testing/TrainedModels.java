package digits.testing;

import digits.cli.ExitCodes;
import digits.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real models for tests, made the way a user makes them, with {@code digits train} on the embedded MNIST: each is
 * trained once per test JVM (a few seconds) into a temporary directory removed at exit, and shared by the test
 * classes that need it.
 */
public final class TrainedModels {
    /** {@code --model logistic --epochs 2 --limit 10000}: Adam on 9,000 digits, validated on 1,000 (about 85-88%). */
    public static final String LOGISTIC = "logistic";
    /**
     * {@code --model mlp --hidden 64 --epochs 2 --limit 10000}, constant learning rate 0.003 (about 90%). It reads thick
     * hand-drawn 0, 1, 4 and 7 with confidence above 0.9, so the drawing page's browser test uses it.
     */
    public static final String MLP = "mlp-64";

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

    private static Path trained(String name, String... options) {
        Path dir = TRAINED.get(name);
        if (dir != null) return dir;
        dir = root().resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--threads", "2", "--no-progress", "-o", dir.toString()));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        if (code != ExitCodes.OK) throw new IllegalStateException("digits " + String.join(" ", args) + " failed (" + code + "): " + err + out);
        TRAINED.put(name, dir);
        return dir;
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
