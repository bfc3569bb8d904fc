package digits.testdata;

import digits.data.Dataset;

/**
 * The simplest real classifier: predict the digit whose mean training image is closest (squared distance).
 * About 80% accurate on MNIST, cheap enough to run inside a test, and wrong in realistic ways (4/9, 3/5, 7/9),
 * so evaluation and picture code can be tested on genuine predictions without training a network.
 */
public final class NearestMeanClassifier {
    /** Squared distances between a digit and the two nearest means differ by about 6 (median): this gives ~80% confidence. */
    private static final double TEMPERATURE = 4.0;
    private final float[][] means = new float[Dataset.CLASSES][Dataset.PIXELS];

    public NearestMeanClassifier(Dataset train) {
        int[] counts = train.labelCounts();
        float[] pixels = train.pixels();
        for (int i = 0; i < train.size(); i++) {
            float[] mean = means[train.label(i)];
            for (int p = 0; p < Dataset.PIXELS; p++) mean[p] += pixels[i * Dataset.PIXELS + p];
        }
        for (int k = 0; k < Dataset.CLASSES; k++) for (int p = 0; p < Dataset.PIXELS; p++) means[k][p] /= counts[k];
    }

    /**
     * Flat {@code n * 10} probabilities: a softmax over negative squared distances, with a temperature that makes
     * the confidences spread over (0, 1) instead of being all 0 or 1.
     */
    public float[] probabilities(Dataset data) {
        float[] out = new float[data.size() * Dataset.CLASSES];
        float[] pixels = data.pixels();
        double[] d = new double[Dataset.CLASSES];
        for (int i = 0; i < data.size(); i++) {
            double min = Double.MAX_VALUE;
            for (int k = 0; k < Dataset.CLASSES; k++) {
                double sum = 0;
                for (int p = 0; p < Dataset.PIXELS; p++) {
                    double diff = pixels[i * Dataset.PIXELS + p] - means[k][p];
                    sum += diff * diff;
                }
                d[k] = sum;
                min = Math.min(min, sum);
            }
            double z = 0;
            for (int k = 0; k < Dataset.CLASSES; k++) z += Math.exp(-(d[k] - min) / TEMPERATURE);
            for (int k = 0; k < Dataset.CLASSES; k++) {
                out[i * Dataset.CLASSES + k] = (float) (Math.exp(-(d[k] - min) / TEMPERATURE) / z);
            }
        }
        return out;
    }
}
