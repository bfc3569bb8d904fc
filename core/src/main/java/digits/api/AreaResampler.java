package digits.api;

/**
 * Resizes a grayscale image by area averaging: each output pixel is the mean of the source area it covers,
 * counting partly covered source pixels by the fraction covered. This is the anti-aliased reduction MNIST was made with;
 * unlike bilinear sampling it never skips thin strokes when shrinking a lot.
 */
final class AreaResampler {
    private AreaResampler() {}

    /**
     * Resamples the {@code srcW x srcH} region at ({@code x0}, {@code y0}) of {@code image} (row-major, {@code stride} wide)
     * to {@code dstW x dstH}.
     */
    static float[] resample(float[] image, int stride, int x0, int y0, int srcW, int srcH, int dstW, int dstH) {
        Axis columns = new Axis(srcW, dstW);
        Axis rows = new Axis(srcH, dstH);
        // Horizontal pass first: srcH x dstW.
        float[] wide = new float[srcH * dstW];
        for (int y = 0; y < srcH; y++) {
            int rowStart = (y0 + y) * stride + x0;
            for (int i = 0; i < dstW; i++) {
                double sum = 0;
                for (int k = 0; k < columns.weights[i].length; k++) {
                    sum += columns.weights[i][k] * image[rowStart + columns.first[i] + k];
                }
                wide[y * dstW + i] = (float) sum;
            }
        }
        float[] out = new float[dstH * dstW];
        for (int j = 0; j < dstH; j++) {
            for (int k = 0; k < rows.weights[j].length; k++) {
                int srcRow = (rows.first[j] + k) * dstW;
                float w = rows.weights[j][k];
                for (int i = 0; i < dstW; i++) out[j * dstW + i] += w * wide[srcRow + i];
            }
        }
        return out;
    }

    /** For each output index along one axis: the first source index it overlaps and the overlap weights (summing to 1). */
    private static final class Axis {
        final int[] first;
        final float[][] weights;

        Axis(int srcLength, int dstLength) {
            first = new int[dstLength];
            weights = new float[dstLength][];
            double scale = (double) srcLength / dstLength;
            for (int i = 0; i < dstLength; i++) {
                double lo = i * scale;
                double hi = Math.min(srcLength, (i + 1) * scale);
                int from = (int) Math.floor(lo);
                int to = Math.min(srcLength, (int) Math.ceil(hi - 1e-9));
                first[i] = from;
                weights[i] = new float[Math.max(1, to - from)];
                for (int j = from; j < from + weights[i].length; j++) {
                    double overlap = Math.min(hi, j + 1) - Math.max(lo, j);
                    weights[i][j - from] = (float) (Math.max(0, overlap) / (hi - lo));
                }
            }
        }
    }
}
