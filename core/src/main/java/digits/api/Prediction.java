package digits.api;

/**
 * The model's answer for one image: the most probable label and the ten class probabilities (summing to 1).
 */
public record Prediction(int label, float[] probabilities) {
    public float confidence() {
        return probabilities[label];
    }

    /** Index of the largest probability (ties go to the lower digit). */
    public static Prediction fromProbabilities(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) best = i;
        }
        return new Prediction(best, probabilities);
    }
}
