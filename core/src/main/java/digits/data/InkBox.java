package digits.data;

/**
 * The bounding box of the pixels above a level in a row-major grey image: where a digit's ink is.
 *
 * @param x0 leftmost column with ink
 * @param y0 top row with ink
 * @param x1 rightmost column with ink (inclusive)
 * @param y1 bottom row with ink (inclusive)
 */
public record InkBox(int x0, int y0, int x1, int y1) {

    /** The box of the pixels above {@code level}, or null when there are none. */
    public static InkBox of(float[] image, int width, int height, float level) {
        int x0 = width, y0 = height, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (image[y * width + x] > level) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new InkBox(x0, y0, x1, y1);
    }

    public int width() {
        return x1 - x0 + 1;
    }

    public int height() {
        return y1 - y0 + 1;
    }
}
