package digits.testing;

import digits.model.ModelStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A real model directory, made once per test JVM as {@code digits train} makes it ({@link TrainedModels#train}): logistic regression, one epoch on
 * 3,000 MNIST training digits (a few seconds; about 64% accurate on the test set: weak, but a real trained model).
 * Tests copy it before damaging it; the directory is deleted when the JVM exits.
 */
public final class TrainedModel {
    private static Path pristine;

    private TrainedModel() {}

    public static synchronized Path directory() {
        if (pristine == null) {
            try {
                Path dir = Files.createTempDirectory("digits-robust-model").resolve("logistic");
                TrainedModels.train(dir, "--model", "logistic", "--limit", "3000", "--epochs", "1", "--test", "none");
                pristine = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir.getParent())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pristine;
    }

    /** Deletes a directory and everything in it, best effort. */
    public static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /** A private copy of the model directory at {@code target}. */
    public static Path copyTo(Path target) {
        return copy(directory(), target);
    }

    /** A copy of the model directory {@code source} at {@code target} (e.g. a member inside an ensemble directory). */
    public static Path copy(Path source, Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> list = Files.list(source)) {
                for (Path f : list.toList()) Files.copy(f, target.resolve(f.getFileName().toString()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of a directory (hidden ones too) by name, with its SHA-256: equal maps mean byte-for-byte equal directories. */
    public static Map<String, String> digests(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) files.put(f.getFileName().toString(), ModelStore.sha256(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
