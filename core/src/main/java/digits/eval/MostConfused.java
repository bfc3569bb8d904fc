package digits.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The wrong answers a model was surest of: the first images to look at when hunting for bad labels or blind spots. */
public final class MostConfused {
    private MostConfused() {}

    /** Image {@code index} of class {@code trueLabel} was predicted as {@code predicted} with {@code probability}. */
    public record Mistake(int index, int trueLabel, int predicted, float probability) {}

    /**
     * The {@code k} misclassified images with the highest probability for the (wrong) predicted class,
     * most confident first; ties keep the lower index first.
     */
    public static List<Mistake> find(int[] labels, float[] probabilities, int k) {
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        int n = Probabilities.countMatching(labels, probabilities);
        List<Mistake> mistakes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int predicted = Probabilities.argmax(probabilities, i);
            if (predicted != labels[i]) {
                mistakes.add(new Mistake(i, labels[i], predicted, Probabilities.get(probabilities, i, predicted)));
            }
        }
        mistakes.sort(Comparator.comparingDouble(Mistake::probability).reversed().thenComparingInt(Mistake::index));
        return List.copyOf(mistakes.subList(0, Math.min(k, mistakes.size())));
    }
}
