package digits.data.augment;

import digits.data.Dataset;

/**
 * The inner loop of augmentation. Rotation, zoom and shift are folded into one inverse 2x3 matrix per image, so
 * each output pixel costs two multiply-adds to find where it comes from (plus the bend's displacement when there is
 * one), and a bilinear blend of four neighbours.
 */
final class AffineWarp {
    static final int SIDE = Dataset.ROWS;
    static final int PIXELS = Dataset.PIXELS;
    /** Rotation and zoom are about the centre of the pixel grid: pixel centres run 0..27. */
    private static final double CENTRE = (SIDE - 1) / 2.0;

    private AffineWarp() {}

    /**
     * For pixel row or column p: the bend grid cell it lies in and how far across it (0-1). The grid spans the image,
     * first point at pixel 0, last at 27.
     */
    private static final int[] CELL = new int[SIDE];
    private static final double[] FRACTION = new double[SIDE];

    static {
        double step = (SIDE - 1) / (double) (Transform.BEND_GRID - 1);
        for (int p = 0; p < SIDE; p++) {
            CELL[p] = Math.min((int) (p / step), Transform.BEND_GRID - 2);
            FRACTION[p] = p / step - CELL[p];
        }
    }

    static void warp(float[] src, int srcOffset, float[] dst, int dstOffset,
                     double rotationDegrees, double zoomX, double zoomY, double shear, double shiftX, double shiftY,
                     double[] bend) {
        double theta = Math.toRadians(rotationDegrees);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        // Forward, with y pointing down: out = c + t + R Z H (in - c), R = [[cos, sin], [-sin, cos]] turns the
        // digit counter-clockwise on screen, H = [[1, -shear], [0, 1]] slants it (rows above the centre move right
        // for a positive shear, as handwriting leans). Each output pixel needs the inverse: in = c + A (out - c - t),
        // A = H^-1 Z^-1 R^T, H^-1 = [[1, shear], [0, 1]].
        double z00 = cos / zoomX;
        double z01 = -sin / zoomX;
        double a10 = sin / zoomY;
        double a11 = cos / zoomY;
        double a00 = z00 + shear * a10;
        double a01 = z01 + shear * a11;
        double ox = CENTRE + shiftX;
        double oy = CENTRE + shiftY;
        double b0 = CENTRE - (a00 * ox + a01 * oy);
        double b1 = CENTRE - (a10 * ox + a11 * oy);
        int n = Transform.BEND_GRID;
        // The bend along the current row at each grid column, x then y (interpolated between grid rows once per row).
        double[] row = bend == null ? null : new double[2 * n];
        int k = dstOffset;
        for (int y = 0; y < SIDE; y++) {
            double rowX = a01 * y + b0;
            double rowY = a11 * y + b1;
            if (row != null) {
                int j = CELL[y];
                double fy = FRACTION[y];
                for (int c = 0; c < 2 * n; c++) {
                    double above = bend[2 * j * n + c];
                    row[c] = above + fy * (bend[2 * (j + 1) * n + c] - above);
                }
            }
            for (int x = 0; x < SIDE; x++) {
                double sx = rowX + a00 * x;
                double sy = rowY + a10 * x;
                if (row != null) {
                    int i = 2 * CELL[x];
                    double fx = FRACTION[x];
                    sx += row[i] + fx * (row[i + 2] - row[i]);
                    sy += row[i + 1] + fx * (row[i + 3] - row[i + 1]);
                }
                dst[k++] = sample(src, srcOffset, sx, sy);
            }
        }
    }

    /** Bilinear sample at (sx, sy) in pixel coordinates, 0 outside the image. */
    private static float sample(float[] src, int offset, double sx, double sy) {
        if (!(sx > -1 && sx < SIDE && sy > -1 && sy < SIDE)) return 0f;
        // floor() for values above -1 without the library call
        int x0 = (int) (sx + 1) - 1;
        int y0 = (int) (sy + 1) - 1;
        float fx = (float) (sx - x0);
        float fy = (float) (sy - y0);
        float p00;
        float p01;
        float p10;
        float p11;
        if (x0 >= 0 && y0 >= 0 && x0 < SIDE - 1 && y0 < SIDE - 1) {
            int i = offset + y0 * SIDE + x0;
            p00 = src[i];
            p01 = src[i + 1];
            p10 = src[i + SIDE];
            p11 = src[i + SIDE + 1];
        } else {
            p00 = at(src, offset, x0, y0);
            p01 = at(src, offset, x0 + 1, y0);
            p10 = at(src, offset, x0, y0 + 1);
            p11 = at(src, offset, x0 + 1, y0 + 1);
        }
        float top = p00 + fx * (p01 - p00);
        float bottom = p10 + fx * (p11 - p10);
        float v = top + fy * (bottom - top);
        // A blend of values in [0,1] can round one ulp past 1; keep the dataset's [0,1] contract exact.
        return v > 1f ? 1f : Math.max(v, 0f);
    }

    private static float at(float[] src, int offset, int x, int y) {
        return x >= 0 && y >= 0 && x < SIDE && y < SIDE ? src[offset + y * SIDE + x] : 0f;
    }
}
