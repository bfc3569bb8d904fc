package digits.spark;

import digits.api.DigitRecognizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The models loaded in this JVM (an executor, or the driver in local mode), one per bundle SHA-256: the first task
 * that needs a model checks and unpacks its bundle and loads it; every later task and partition reuses it.
 * A recognizer takes concurrent callers, so the tasks running side by side in one executor share it. They stay
 * loaded for the JVM's life (an executor serves one application).
 */
final class ExecutorModels {
    private static final Map<String, DigitRecognizer> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    static DigitRecognizer get(ModelBundle bundle) {
        bundle.verify(); // before the cache: a damaged copy is refused even when a whole one was loaded earlier
        return LOADED.computeIfAbsent(bundle.sha256(), sha -> load(bundle));
    }

    private static DigitRecognizer load(ModelBundle bundle) {
        TaskEngine.useTaskCpus();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("digits-model-");
            return DigitRecognizer.load(bundle.unpack(dir.resolve(bundle.name())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack model bundle " + bundle.name() + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) deleteTree(dir); // the parameters are in memory now
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
