package digits.testing;

import digits.cli.ExitCodes;
import digits.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real model for the report tests, made the way a user makes one: {@code digits train --model logistic
 * --epochs 2 --limit 10000}, i.e. a logistic regression trained with Adam on 9,000 MNIST digits and validated on
 * 1,000 (about 85-88% test accuracy). Trained once per test JVM, in a temporary directory removed at exit.
 */
public final class TrainedModel {
    private static Path logistic;

    private TrainedModel() {}

    public static synchronized Path logistic() {
        if (logistic == null) {
            Path dir = tempDir();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[]{"train", "--model", "logistic", "--epochs", "2", "--limit", "10000",
                    "--threads", "2", "-o", dir.resolve("logistic").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
            if (code != ExitCodes.OK) throw new IllegalStateException("digits train failed (" + code + "): " + err + out);
            logistic = dir.resolve("logistic");
        }
        return logistic;
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("digits-trained-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
