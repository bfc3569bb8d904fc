package digits.data.render;

/** Bilinear sampling of a grayscale image; outside the image is 0. */
final class Bilinear {
    private Bilinear() {}

    static float sample(float[] image, int w, int h, double x, double y) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        return (float) ((1 - fx) * (1 - fy) * at(image, w, h, x0, y0) + fx * (1 - fy) * at(image, w, h, x0 + 1, y0)
                + (1 - fx) * fy * at(image, w, h, x0, y0 + 1) + fx * fy * at(image, w, h, x0 + 1, y0 + 1));
    }

    private static float at(float[] image, int w, int h, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : image[y * w + x];
    }
}
