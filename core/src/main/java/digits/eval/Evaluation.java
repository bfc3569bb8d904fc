package digits.eval;

import digits.data.Dataset;

/**
 * How well a model did on a labelled set: mean cross-entropy, accuracy, confusion matrix and per-class report.
 */
public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion, ClassificationReport report) {
    /**
     * Probabilities are clipped to at least this before the logarithm (Keras' epsilon), so one image whose true
     * class underflowed to probability 0 in float32 adds 16.1 to the sum instead of making the loss infinite.
     */
    public static final double EPSILON = 1e-7;

    /** @param probabilities flat {@code n * 10} floats, see {@link Probabilities} */
    public static Evaluation of(int[] labels, float[] probabilities) {
        Probabilities.countMatching(labels, probabilities);
        ConfusionMatrix confusion = ConfusionMatrix.of(labels, Probabilities.argmax(probabilities)); // checks the labels
        double loss = crossEntropy(labels, probabilities);
        return new Evaluation(loss, confusion.accuracy(), confusion,
                ClassificationReport.of(confusion));
    }

    public static Evaluation of(int[] labels, float[][] probabilities) {
        return of(labels, Probabilities.flatten(probabilities));
    }

    /** Mean of {@code -ln p(true class)} over the images; 0 for no images. */
    public static double crossEntropy(int[] labels, float[] probabilities) {
        if (Probabilities.countMatching(labels, probabilities) == 0) return 0;
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            ConfusionMatrix.checkLabel(labels[i], i, "true", Dataset.CLASSES);
            sum -= Math.log(Math.max(Probabilities.get(probabilities, i, labels[i]), EPSILON));
        }
        return sum / labels.length;
    }

    public int size() { return confusion.total(); }

    /** Loss and accuracy on one line, the report, and the confusion matrix, for the console. */
    public String format() {
        return "loss " + Decimals.fixed(loss, 4) + "  accuracy " + Decimals.fixed(accuracy, 4)
                + " (" + confusion.correct() + "/" + confusion.total() + " correct)\n\n"
                + report.format() + "\n" + confusion.format();
    }
}
