package digits.data;

/**
 * Straightens a digit's slant: shears each row sideways so that the ink's principal axis stands upright through its
 * centre of mass (the moment-based deskewing of LeCun et al.'s MNIST tables). Rows stay where they are and the centre of
 * mass does not move, so a shifted digit stays shifted; the ink's overall slant, one number per image, is what goes.
 * Writers slant differently, so a model that sees straightened digits learns shapes rather than slants, and errs on
 * other digits than a model that sees them as written (docs/augmentation.md, "Deskewed input").
 */
public final class Deskew {
    /** The steepest slant undone, as a horizontal shift per row (1: 45 degrees); steeper "slants" are not handwriting. */
    public static final double MAX_SLANT = 1.0;
    /** Ink spread over rows below this (times the ink's total) is one row: it has no slant. */
    public static final double MIN_ROW_SPREAD = 1e-6;

    private Deskew() {}

    /**
     * The slant of one image: the horizontal shift per row down the image that the ink's principal axis makes,
     * {@code cov(row, col) / var(row)} weighted by ink; 0 for blank images and ink on one row.
     */
    public static double slant(float[] pixels, int offset) {
        return axis(pixels, offset).slant();
    }

    /** The ink's centre row and its principal axis's slant (clamped to {@link #MAX_SLANT}). */
    private record Axis(double centreRow, double slant) {}

    private static Axis axis(float[] pixels, int offset) {
        double total = 0, sumR = 0, sumC = 0;
        for (int r = 0; r < Dataset.ROWS; r++) {
            for (int c = 0; c < Dataset.COLS; c++) {
                double v = pixels[offset + r * Dataset.COLS + c];
                total += v;
                sumR += v * r;
                sumC += v * c;
            }
        }
        if (!(total > 0)) return new Axis((Dataset.ROWS - 1) / 2.0, 0);
        double meanR = sumR / total;
        double meanC = sumC / total;
        double varR = 0, covRC = 0;
        for (int r = 0; r < Dataset.ROWS; r++) {
            double dr = r - meanR;
            for (int c = 0; c < Dataset.COLS; c++) {
                double v = pixels[offset + r * Dataset.COLS + c];
                varR += v * dr * dr;
                covRC += v * dr * (c - meanC);
            }
        }
        if (!(varR > MIN_ROW_SPREAD * total)) return new Axis(meanR, 0);
        return new Axis(meanR, Math.max(-MAX_SLANT, Math.min(MAX_SLANT, covRC / varR)));
    }

    /**
     * Writes the straightened image of {@code src} at {@code srcOffset} into {@code dst} at {@code dstOffset} (784
     * pixels each; the two must not overlap). Each row is read {@code slant * (row - centre row)} pixels to the right,
     * with linear interpolation between neighbours and blank outside the image.
     */
    public static void straighten(float[] src, int srcOffset, float[] dst, int dstOffset) {
        Axis axis = axis(src, srcOffset);
        for (int r = 0; r < Dataset.ROWS; r++) {
            double shift = axis.slant() * (r - axis.centreRow());
            int whole = (int) Math.floor(shift);
            float frac = (float) (shift - whole);
            int row = srcOffset + r * Dataset.COLS;
            int out = dstOffset + r * Dataset.COLS;
            for (int c = 0; c < Dataset.COLS; c++) {
                int from = c + whole;
                float left = from >= 0 && from < Dataset.COLS ? src[row + from] : 0f;
                float right = from + 1 >= 0 && from + 1 < Dataset.COLS ? src[row + from + 1] : 0f;
                dst[out + c] = left + frac * (right - left);
            }
        }
    }

    /** A copy of {@code data} with every image straightened (labels shared). */
    public static Dataset straighten(Dataset data) {
        float[] out = new float[data.pixels().length];
        for (int at = 0; at < out.length; at += Dataset.PIXELS) straighten(data.pixels(), at, out, at);
        return new Dataset(data.name(), out, data.labels());
    }
}
