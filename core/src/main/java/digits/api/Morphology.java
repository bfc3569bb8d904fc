package digits.api;

/** Local maximum, minimum and mean over square windows of grayscale maps, and one-pixel growing and shrinking of binary ones. */
final class Morphology {
    private Morphology() {}

    /** The largest value within {@code radius} pixels (a square window) of each pixel. */
    static float[] max(float[] image, int w, int h, int radius) {
        return extreme(extreme(image, w, h, radius, true, true), w, h, radius, true, false);
    }

    /** The smallest value within {@code radius} pixels (a square window) of each pixel. */
    static float[] min(float[] image, int w, int h, int radius) {
        return extreme(extreme(image, w, h, radius, false, true), w, h, radius, false, false);
    }

    /** One pass along rows ({@code horizontal}) or columns; windows are cut at the edges. */
    private static float[] extreme(float[] image, int w, int h, int radius, boolean max, boolean horizontal) {
        float[] out = new float[image.length];
        int lines = horizontal ? h : w;
        int length = horizontal ? w : h;
        for (int line = 0; line < lines; line++) {
            for (int i = 0; i < length; i++) {
                float best = max ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
                for (int j = Math.max(0, i - radius); j <= Math.min(length - 1, i + radius); j++) {
                    float v = image[horizontal ? line * w + j : j * w + line];
                    best = max ? Math.max(best, v) : Math.min(best, v);
                }
                out[horizontal ? line * w + i : i * w + line] = best;
            }
        }
        return out;
    }

    /** The mean within {@code radius} pixels (a square window cut at the edges), by a summed-area table. */
    static float[] boxBlur(float[] image, int w, int h, int radius) {
        double[] sums = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                row += image[y * w + x];
                sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1] + row;
            }
        }
        float[] out = new float[image.length];
        for (int y = 0; y < h; y++) {
            int y0 = Math.max(0, y - radius), y1 = Math.min(h, y + radius + 1);
            for (int x = 0; x < w; x++) {
                int x0 = Math.max(0, x - radius), x1 = Math.min(w, x + radius + 1);
                double sum = sums[y1 * (w + 1) + x1] - sums[y0 * (w + 1) + x1] - sums[y1 * (w + 1) + x0] + sums[y0 * (w + 1) + x0];
                out[y * w + x] = (float) (sum / ((x1 - x0) * (y1 - y0)));
            }
        }
        return out;
    }

    /** Ink grows by one pixel (3x3 neighbourhood). */
    static boolean[] dilate(boolean[] ink, int w, int h) {
        return neighbourhood(ink, w, h, true);
    }

    /** Ink shrinks by one pixel (3x3 neighbourhood). */
    static boolean[] erode(boolean[] ink, int w, int h) {
        return neighbourhood(ink, w, h, false);
    }

    private static boolean[] neighbourhood(boolean[] ink, int w, int h, boolean any) {
        boolean[] out = new boolean[ink.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean result = !any;
                for (int dy = -1; dy <= 1 && result != any; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        boolean v = nx >= 0 && ny >= 0 && nx < w && ny < h && ink[ny * w + nx];
                        if (v == any) {
                            result = any;
                            break;
                        }
                    }
                }
                out[y * w + x] = result;
            }
        }
        return out;
    }
}
