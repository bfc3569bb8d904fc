package digits.data.render;

import digits.data.Dataset;

import java.util.Arrays;

/**
 * A 28x28 digit as a low-resolution camera or a thumbnail would give it: shrunk to {@code side x side} by area averaging,
 * then enlarged back to 28x28 by bilinear interpolation (blurred, its detail gone).
 */
public final class LowResolution {
    private LowResolution() {}

    /** {@code pixels}: 784 values in [0,1]; {@code side}: 1-28. The answer is 784 values in [0,1]. */
    public static float[] downAndUp(float[] pixels, int side) {
        if (side < 1 || side > Dataset.ROWS) throw new IllegalArgumentException("side must be 1-28, got " + side);
        return resizeBilinear(shrink(pixels, Dataset.ROWS, side), side, Dataset.ROWS);
    }

    /** The same, in place on the 784 values of {@code image} from {@code offset} (training-time augmentation). */
    public static void downAndUp(float[] image, int offset, int side) {
        float[] digit = Arrays.copyOfRange(image, offset, offset + Dataset.PIXELS);
        System.arraycopy(downAndUp(digit, side), 0, image, offset, Dataset.PIXELS);
    }

    /** Area averaging from {@code from x from} to {@code to x to} (to <= from). */
    static float[] shrink(float[] image, int from, int to) {
        float[] out = new float[to * to];
        double scale = (double) from / to;
        for (int y = 0; y < to; y++) {
            for (int x = 0; x < to; x++) {
                out[y * to + x] = (float) areaMean(image, from, x * scale, y * scale, scale);
            }
        }
        return out;
    }

    private static double areaMean(float[] image, int from, double x0, double y0, double size) {
        double sum = 0;
        for (int sy = (int) Math.floor(y0); sy < Math.min(from, Math.ceil(y0 + size - 1e-9)); sy++) {
            double wy = Math.min(y0 + size, sy + 1) - Math.max(y0, sy);
            for (int sx = (int) Math.floor(x0); sx < Math.min(from, Math.ceil(x0 + size - 1e-9)); sx++) {
                double wx = Math.min(x0 + size, sx + 1) - Math.max(x0, sx);
                sum += wx * wy * image[sy * from + sx];
            }
        }
        return sum / (size * size);
    }

    /** Bilinear enlargement of a square image, pixel centres aligned. */
    static float[] resizeBilinear(float[] image, int from, int to) {
        float[] out = new float[to * to];
        double scale = (double) from / to;
        for (int y = 0; y < to; y++) {
            for (int x = 0; x < to; x++) {
                out[y * to + x] = Math.max(0f, Math.min(1f, Bilinear.sample(image, from, from, (x + 0.5) * scale - 0.5,
                        (y + 0.5) * scale - 0.5)));
            }
        }
        return out;
    }
}
