package digits.data;

/**
 * Wider and finer pens on grayscale maps: each pixel becomes the largest (smallest) value within a disc of
 * {@code radius} pixels; outside the map counts as background (0). Radius 1 is the pixel and its four neighbours.
 */
public final class PenWidth {
    private PenWidth() {}

    /** Each pixel becomes the largest value within {@code radius} pixels: a wider pen. */
    public static float[] grow(float[] image, int w, int h, int radius) {
        return disc(image, w, h, radius, true);
    }

    /** Each pixel becomes the smallest value within {@code radius} pixels: a finer pen. */
    public static float[] shrink(float[] image, int w, int h, int radius) {
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
}
