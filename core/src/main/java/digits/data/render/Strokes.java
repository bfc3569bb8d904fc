package digits.data.render;

import digits.data.Dataset;
import digits.data.PenWidth;

import java.util.Arrays;

/** Bolder and finer strokes of 28x28 digits ({@link PenWidth}) and a light blur, on grayscale maps. */
public final class Strokes {
    private Strokes() {}

    /** The 784 values of a 28x28 digit from {@code offset}, in place, one pixel bolder: as a marker writes it. */
    public static void bolder(float[] image, int offset) {
        float[] digit = Arrays.copyOfRange(image, offset, offset + Dataset.PIXELS);
        System.arraycopy(PenWidth.grow(digit, Dataset.COLS, Dataset.ROWS, 1), 0, image, offset, Dataset.PIXELS);
    }

    /**
     * The same, about half a pixel finer on each side: the mean of the digit and its erosion by one pixel, as a fine pen
     * (or a digit written large with an ordinary pen, then scaled down) gives it.
     */
    public static void finer(float[] image, int offset) {
        float[] digit = Arrays.copyOfRange(image, offset, offset + Dataset.PIXELS);
        float[] eroded = PenWidth.shrink(digit, Dataset.COLS, Dataset.ROWS, 1);
        for (int p = 0; p < Dataset.PIXELS; p++) image[offset + p] = 0.5f * (digit[p] + eroded[p]);
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
