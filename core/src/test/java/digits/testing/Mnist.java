package digits.testing;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the first images and labels of the committed MNIST IDX files, for tests.
 * Only as many records as asked for are decompressed, so reading a few thousand digits takes milliseconds.
 */
public final class Mnist {
    public static final Path DIR = Path.of("data", "mnist");
    public static final int PIXELS = 28 * 28;

    private Mnist() {}

    /** A few real digits: {@code count * 784} pixels in [0,1] (light ink on dark) and their labels. */
    public record Digits(float[] pixels, int[] labels) {
        public int size() { return labels.length; }

        public float[] image(int i) {
            return java.util.Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS);
        }
    }

    public static Digits train(int count) {
        return read("train", count);
    }

    public static Digits test(int count) {
        return read("t10k", count);
    }

    private static Digits read(String prefix, int count) {
        return new Digits(images(DIR.resolve(prefix + "-images-idx3-ubyte.gz"), count),
                labels(DIR.resolve(prefix + "-labels-idx1-ubyte.gz"), count));
    }

    private static float[] images(Path file, int count) {
        try (DataInputStream in = open(file)) {
            expect(in.readInt(), 0x803, file);
            expect(Math.min(in.readInt(), count), count, file);
            expect(in.readInt(), 28, file);
            expect(in.readInt(), 28, file);
            byte[] raw = new byte[count * PIXELS];
            in.readFully(raw);
            float[] pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) pixels[i] = (raw[i] & 0xff) / 255f;
            return pixels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] labels(Path file, int count) {
        try (DataInputStream in = open(file)) {
            expect(in.readInt(), 0x801, file);
            expect(Math.min(in.readInt(), count), count, file);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) labels[i] = in.readUnsignedByte();
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file), 1 << 16)));
    }

    private static void expect(int actual, int expected, Path file) {
        if (actual != expected) throw new IllegalStateException(file + ": header value " + actual + ", expected " + expected);
    }
}
