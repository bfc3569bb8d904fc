package digits.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            return isGzip(in) ? new GZIPInputStream(in, BUFFER) : in;
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
