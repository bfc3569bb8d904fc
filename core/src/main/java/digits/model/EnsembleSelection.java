package digits.model;

import digits.eval.Evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Chooses an ensemble's members and weights from candidates by their probabilities on held-out images: greedy forward
 * selection with replacement (Caruana et al., "Ensemble selection from libraries of models", 2004). Each round adds
 * the candidate that makes the average most accurate on the held-out images (the lower log loss breaks ties), even one
 * already in; a candidate's weight is the number of rounds that chose it. Candidates that err alike add nothing and
 * are left out, so the images it is run on must be ones no candidate trained on, and never the test set.
 */
public final class EnsembleSelection {
    /** More rounds than this only refine weights already settled, and cost time and memory per round. */
    public static final int MAX_ROUNDS = 1000;

    /**
     * @param counts   rounds that chose each candidate (its weight; 0: left out)
     * @param accuracy held-out accuracy of the chosen ensemble after each round
     * @param loss     held-out log loss of the chosen ensemble after each round
     */
    public record Result(int[] counts, double[] accuracy, double[] loss) {
        /** The held-out accuracy of the final choice. */
        public double finalAccuracy() {
            return accuracy[accuracy.length - 1];
        }

        /** Indices of the chosen candidates, in candidate order. */
        public List<Integer> chosen() {
            List<Integer> chosen = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) if (counts[i] > 0) chosen.add(i);
            return chosen;
        }
    }

    private EnsembleSelection() {}

    /**
     * @param candidates each candidate's probabilities for the held-out images ({@code n * 10} floats)
     * @param labels     the held-out images' labels ({@code n})
     * @param rounds     how many times to add a candidate (at least 1)
     */
    public static Result select(List<float[]> candidates, int[] labels, int rounds) {
        Objects.requireNonNull(labels, "labels");
        if (candidates.isEmpty()) throw new IllegalArgumentException("no candidates to choose from");
        if (rounds < 1) throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        if (rounds > MAX_ROUNDS) throw new IllegalArgumentException("rounds must be at most " + MAX_ROUNDS + ", got " + rounds);
        int size = labels.length * 10;
        for (float[] c : candidates) {
            if (c.length != size) throw new IllegalArgumentException("a candidate has " + c.length + " probabilities for " + labels.length + " images");
        }
        int[] counts = new int[candidates.size()];
        double[] sum = new double[size];
        double[] accuracy = new double[rounds];
        double[] loss = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            int best = -1;
            Evaluation bestScore = null;
            for (int c = 0; c < candidates.size(); c++) {
                Evaluation score = Evaluation.of(labels, averageWith(sum, candidates.get(c), round + 1));
                if (bestScore == null || score.accuracy() > bestScore.accuracy()
                        || (score.accuracy() == bestScore.accuracy() && score.loss() < bestScore.loss())) {
                    best = c;
                    bestScore = score;
                }
            }
            counts[best]++;
            float[] chosen = candidates.get(best);
            for (int k = 0; k < size; k++) sum[k] += chosen[k];
            accuracy[round] = bestScore.accuracy();
            loss[round] = bestScore.loss();
        }
        return new Result(counts, accuracy, loss);
    }

    /** The average of the chosen sum and one more candidate, over {@code members} members. */
    private static float[] averageWith(double[] sum, float[] candidate, int members) {
        float[] average = new float[sum.length];
        for (int k = 0; k < sum.length; k++) average[k] = (float) ((sum[k] + candidate[k]) / members);
        return average;
    }

    /** The weights of the chosen candidates, in candidate order (the counts above zero). */
    public static double[] weights(Result result) {
        return Arrays.stream(result.counts()).filter(c -> c > 0).asDoubleStream().toArray();
    }
}
