package digits.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Opening data files: gzip is recognised by its magic bytes, not by the file name, and I/O failures become one-line messages. */
final class InputFiles {
    static final int BUFFER = 1 << 16;

    private InputFiles() {}

    /** A buffered stream of the file's content, decompressed when the file starts with the gzip magic 1f 8b. */
    static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) throw new InvalidInputException(file + ": is a directory, expected a file");
        // A pipe (a FIFO, /dev/stdin) through Files.newInputStream fails at the first read with "Illegal seek": its
        // available() asks the channel for a position. FileInputStream asks the pipe how many bytes are waiting.
        InputStream raw = Files.isRegularFile(file) || !Files.exists(file) ? Files.newInputStream(file) : new FileInputStream(file.toFile());
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        try {
            return isGzip(in) ? new GZIPInputStream(in, BUFFER) : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A file's content opened once: the (decompressed) stream, which still delivers {@code head}, its first bytes. */
    record Peeked(InputStream in, byte[] head) implements Closeable {
        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * {@link #open} that also reads the first {@code n} bytes of the content (fewer when it is shorter) and pushes
     * them back: a pipe can be read only once, so the format is told from the same stream the reader then reads.
     */
    static Peeked openPeeked(Path file, int n) throws IOException {
        InputStream in = open(file);
        try {
            PushbackInputStream peeking = new PushbackInputStream(in, n);
            byte[] head = peeking.readNBytes(n);
            peeking.unread(head);
            return new Peeked(peeking, head);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /** The one-line message for an I/O failure while reading {@code file}. */
    static InvalidInputException failure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) return new InvalidInputException(file + ": no such file", e);
        if (e instanceof AccessDeniedException) return new InvalidInputException(file + ": permission denied", e);
        if (e instanceof ZipException) return new InvalidInputException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        if (e instanceof EOFException) return new InvalidInputException(file + ": gzip stream is truncated (" + e.getMessage() + ")", e);
        return new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
    }
}
