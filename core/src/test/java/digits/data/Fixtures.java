package digits.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test fixtures built from real MNIST digits, plus raw byte builders for malformed files. */
final class Fixtures {
    private Fixtures() {}

    /** The first {@code n} real test digits (7, 2, 1, 0, 4, 1, 4, 9, 5, 9, ...). */
    static Dataset realDigits(int n) {
        return MnistFiles.test().head(n);
    }

    /** An IDX header: magic then each dimension, big-endian. */
    static byte[] idxHeader(int magic, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.array();
    }

    /** Real digits as raw grey-level bytes (no header). */
    static byte[] greyBytes(Dataset data) {
        byte[] out = new byte[data.pixels().length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Math.round(data.pixels()[i] * 255f);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeLines(Path file, List<String> lines) {
        return write(file, (String.join("\n", lines) + "\n").getBytes());
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line with one cell (0-based column) replaced. */
    static String withCell(String line, int column, String value) {
        String[] cells = line.split(",", -1);
        cells[column] = value;
        return String.join(",", cells);
    }

    /** The line without its last cell. */
    static String withoutLastCell(String line) {
        return line.substring(0, line.lastIndexOf(','));
    }
}
