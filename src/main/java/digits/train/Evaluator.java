package digits.train;

import digits.data.Dataset;
import digits.model.DigitModel;

/** Loss and accuracy of a model on labelled data, from its predicted probabilities. */
public final class Evaluator {
    private Evaluator() {}

    public record Result(double loss, double accuracy, float[] probabilities) {}

    public static Result evaluate(DigitModel model, Dataset data) {
        float[] p = model.probabilities(data);
        return score(p, data.labels());
    }

    /** Mean cross-entropy and accuracy of flat {@code n*10} probabilities against labels. */
    public static Result score(float[] probabilities, int[] labels) {
        double loss = 0;
        int correct = 0;
        int classes = Dataset.CLASSES;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
            }
            if (best == labels[i]) correct++;
            loss -= Math.log(Math.max(probabilities[i * classes + labels[i]], 1e-12f));
        }
        int n = Math.max(labels.length, 1);
        return new Result(loss / n, (double) correct / n, probabilities);
    }
}
