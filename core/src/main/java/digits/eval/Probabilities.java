package digits.eval;

import digits.data.Dataset;

/**
 * Per-image class probabilities stored flat, {@code n * 10} floats, image {@code i} at {@code [i*10, i*10+10)};
 * the layout a batched model output already has, so no copy is needed on the way from the engine.
 */
public final class Probabilities {
    private static final int K = Dataset.CLASSES;

    private Probabilities() {}

    public static float[] flatten(float[][] perImage) {
        float[] flat = new float[perImage.length * K];
        for (int i = 0; i < perImage.length; i++) {
            if (perImage[i].length != K) {
                throw new IllegalArgumentException("image " + i + " has " + perImage[i].length + " probabilities, expected " + K);
            }
            System.arraycopy(perImage[i], 0, flat, i * K, K);
        }
        return flat;
    }

    /** Number of images in a flat array; rejects lengths that are not a multiple of 10 and non-finite values. */
    public static int count(float[] flat) {
        if (flat.length % K != 0) {
            throw new IllegalArgumentException("probability array length " + flat.length + " is not a multiple of " + K);
        }
        for (int j = 0; j < flat.length; j++) {
            if (!Float.isFinite(flat[j]) || flat[j] < 0) {
                throw new IllegalArgumentException("image " + j / K + ": probability of class " + j % K + " is " + flat[j]);
            }
        }
        return flat.length / K;
    }

    /** Checks there is one row of probabilities per label and returns the number of images. */
    static int countMatching(int[] labels, float[] flat) {
        int n = count(flat);
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels but probabilities for " + n + " images");
        }
        return n;
    }

    /** The predicted label of each image: the most probable class, ties to the lower digit. */
    public static int[] argmax(float[] flat) {
        int n = count(flat);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = argmax(flat, i);
        return labels;
    }

    /** The predicted label of image {@code image}: its most probable class, ties to the lower digit. */
    public static int argmax(float[] flat, int image) {
        int base = image * K;
        int best = 0;
        for (int k = 1; k < K; k++) if (flat[base + k] > flat[base + best]) best = k;
        return best;
    }

    /** Probability that image {@code image} is of class {@code label}. */
    public static float get(float[] flat, int image, int label) {
        return flat[image * K + label];
    }

    /** One image's ten probabilities. */
    public static float[] row(float[] flat, int image) {
        float[] row = new float[K];
        System.arraycopy(flat, image * K, row, 0, K);
        return row;
    }
}
