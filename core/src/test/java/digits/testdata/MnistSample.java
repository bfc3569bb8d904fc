package digits.testdata;

import digits.data.Dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the first images of the committed MNIST IDX files, for tests only (the real reader lives in digits.data).
 */
public final class MnistSample {
    private static final Path DIR = Path.of("data", "mnist");

    private MnistSample() {}

    /** The first {@code n} images of the 60,000-image training set. */
    public static Dataset train(int n) {
        return read("train", n);
    }

    /** The first {@code n} images of the 10,000-image test set. */
    public static Dataset test(int n) {
        return read("t10k", n);
    }

    private static Dataset read(String prefix, int n) {
        try (DataInputStream images = open(prefix + "-images-idx3-ubyte.gz");
             DataInputStream labels = open(prefix + "-labels-idx1-ubyte.gz")) {
            if (images.readInt() != 0x803 || labels.readInt() != 0x801) throw new IOException("bad IDX magic in " + prefix);
            int count = images.readInt();
            if (labels.readInt() != count || images.readInt() != 28 || images.readInt() != 28 || n > count) {
                throw new IOException("unexpected IDX header in " + prefix);
            }
            byte[] raw = new byte[n * Dataset.PIXELS];
            images.readFully(raw);
            float[] pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) pixels[i] = (raw[i] & 0xFF) / 255f;
            int[] y = new int[n];
            for (int i = 0; i < n; i++) y[i] = labels.readUnsignedByte();
            return new Dataset("mnist-" + prefix + "[0:" + n + "]", pixels, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream open(String file) throws IOException {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(DIR.resolve(file)), 1 << 16)));
    }
}
