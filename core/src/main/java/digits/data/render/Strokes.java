package digits.data.render;

import digits.data.Dataset;

import java.util.Arrays;

/** Thicker and thinner strokes (local maximum and minimum over a disc) and a light blur, on grayscale maps. */
public final class Strokes {
    private Strokes() {}

    /** The 784 values of a 28x28 digit from {@code offset}, in place, one pixel bolder: as a marker writes it. */
    public static void bolder(float[] image, int offset) {
        float[] digit = Arrays.copyOfRange(image, offset, offset + Dataset.PIXELS);
        System.arraycopy(grow(digit, Dataset.COLS, Dataset.ROWS, 1), 0, image, offset, Dataset.PIXELS);
    }

    /**
     * The same, about half a pixel finer on each side: the mean of the digit and its erosion by one pixel, as a fine pen
     * (or a digit written large with an ordinary pen, then scaled down) gives it.
     */
    public static void finer(float[] image, int offset) {
        float[] digit = Arrays.copyOfRange(image, offset, offset + Dataset.PIXELS);
        float[] eroded = shrink(digit, Dataset.COLS, Dataset.ROWS, 1);
        for (int p = 0; p < Dataset.PIXELS; p++) image[offset + p] = 0.5f * (digit[p] + eroded[p]);
    }

    /** Each pixel becomes the largest value within {@code radius} pixels: a wider pen. */
    static float[] grow(float[] image, int w, int h, int radius) {
        return disc(image, w, h, radius, true);
    }

    /** Each pixel becomes the smallest value within {@code radius} pixels: a finer pen. */
    static float[] shrink(float[] image, int w, int h, int radius) {
        return disc(image, w, h, radius, false);
    }

    private static float[] disc(float[] image, int w, int h, int radius, boolean max) {
        float[] out = new float[image.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float best = image[y * w + x];
                for (int dy = -radius; dy <= radius; dy++) {
                    for (int dx = -radius; dx <= radius; dx++) {
                        if (dx * dx + dy * dy > radius * radius) continue;
                        int nx = x + dx, ny = y + dy;
                        float v = nx < 0 || ny < 0 || nx >= w || ny >= h ? 0f : image[ny * w + nx];
                        best = max ? Math.max(best, v) : Math.min(best, v);
                    }
                }
                out[y * w + x] = best;
            }
        }
        return out;
    }

    /** A camera's slight defocus: the mean of each pixel with its four neighbours, weighted 4:1. */
    static float[] blur(float[] image, int w, int h) {
        float[] out = new float[image.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float c = image[y * w + x];
                float sum = 4 * c, weight = 4;
                int[][] near = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                for (int[] n : near) {
                    if (n[0] >= 0 && n[1] >= 0 && n[0] < w && n[1] < h) {
                        sum += image[n[1] * w + n[0]];
                        weight++;
                    }
                }
                out[y * w + x] = sum / weight;
            }
        }
        return out;
    }
}
