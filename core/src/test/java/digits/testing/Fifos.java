package digits.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Named pipes for tests of inputs and outputs that may be a FIFO. */
public final class Fifos {
    private Fifos() {}

    /** Makes a named pipe at {@code path} (with mkfifo) and returns it. */
    public static Path make(Path path) {
        try {
            assertThat(new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor()).isZero();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return path;
    }

    /** A named pipe at {@code path} that a background thread fills with {@code content} once a reader opens it. */
    public static Path feeding(Path path, byte[] content) {
        make(path);
        Thread writer = new Thread(() -> {
            try {
                Files.write(path, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        return path;
    }
}
