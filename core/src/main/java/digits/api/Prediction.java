package digits.api;

import digits.eval.Probabilities;

/**
 * The model's answer for one image: the most probable label and the ten class probabilities (summing to 1).
 */
public record Prediction(int label, float[] probabilities) {
    /** Number of classes: the digits 0-9. */
    public static final int CLASSES = 10;

    public float confidence() {
        return probabilities[label];
    }

    /** Index of the largest of ten probabilities (ties go to the lower digit, as in every evaluation of the tool). */
    public static Prediction fromProbabilities(float[] probabilities) {
        if (probabilities == null || probabilities.length != CLASSES) {
            throw new IllegalArgumentException("expected " + CLASSES + " probabilities, got "
                    + (probabilities == null ? "null" : probabilities.length));
        }
        return new Prediction(Probabilities.argmax(probabilities, 0), probabilities);
    }
}
