package digits.model;

import digits.data.Dataset;

import java.util.List;

/**
 * Several models that answer together: the (weighted) arithmetic mean of their softmax probabilities. Averaging
 * probabilities rather than votes keeps each member's confidence, and the mean of distributions is a distribution.
 * Closing the ensemble closes its members.
 */
public final class Ensemble implements ProbabilityModel {
    private final List<ProbabilityModel> members;
    private final double[] weights;

    private Ensemble(List<ProbabilityModel> members, double[] weights) {
        this.members = members;
        this.weights = weights;
    }

    /** Members weighted equally. */
    public static Ensemble of(List<? extends ProbabilityModel> members) {
        double[] weights = new double[members.size()];
        java.util.Arrays.fill(weights, 1);
        return of(members, weights);
    }

    /** Members weighted by {@code weights} (positive; they need not sum to 1, they are normalised). */
    public static Ensemble of(List<? extends ProbabilityModel> members, double[] weights) {
        return new Ensemble(List.copyOf(members), normalised(weights, members.size()));
    }

    public int size() {
        return members.size();
    }

    /** The members, in order (for evaluating each on its own). */
    public List<ProbabilityModel> members() {
        return members;
    }

    /** The weights in use, summing to 1. */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public float[] probabilities(float[] pixels, int count) {
        float[][] each = new float[members.size()][];
        for (int m = 0; m < each.length; m++) each[m] = members.get(m).probabilities(pixels, count);
        return average(List.of(each), weights);
    }

    /** This ensemble with test-time augmentation: see {@link TestTimeAugmentation}. */
    public ProbabilityModel withTta(TtaViews views) {
        return TestTimeAugmentation.wrap(this, views);
    }

    /**
     * The weighted mean of several flat probability arrays of the same length ({@code n * 10} floats each), summed in
     * double so the order of members does not matter to the last bit of a float.
     */
    public static float[] average(List<float[]> probabilities, double[] weights) {
        if (probabilities.isEmpty()) throw new IllegalArgumentException("nothing to average: no members");
        double[] w = normalised(weights, probabilities.size());
        int length = probabilities.get(0).length;
        if (length % Dataset.CLASSES != 0) {
            throw new IllegalArgumentException("probability array length " + length + " is not a multiple of " + Dataset.CLASSES);
        }
        double[] sum = new double[length];
        for (int m = 0; m < w.length; m++) {
            float[] p = probabilities.get(m);
            if (p.length != length) {
                throw new IllegalArgumentException("member " + (m + 1) + " gave " + p.length + " probabilities, member 1 gave " + length);
            }
            for (int j = 0; j < length; j++) sum[j] += w[m] * p[j];
        }
        float[] out = new float[length];
        for (int j = 0; j < length; j++) out[j] = (float) sum[j];
        return out;
    }

    /** Weights are relative; past a million to one, a member counts for nothing or the sum overflows. */
    public static final double MIN_WEIGHT = 1e-6;
    public static final double MAX_WEIGHT = 1e6;

    /** Null when {@code weight} is usable, else what is wrong with it ("must be between ..., got ..."). */
    public static String weightProblem(double weight) {
        if (weight >= MIN_WEIGHT && weight <= MAX_WEIGHT) return null;
        return "must be between " + MIN_WEIGHT + " and " + MAX_WEIGHT + " (weights are relative), got " + weight;
    }

    /** {@code weights} scaled to sum to 1, once checked as {@link #of} checks them (ONNX export weighs members the same way). */
    public static double[] normalised(double[] weights) {
        return normalised(weights, weights.length);
    }

    private static double[] normalised(double[] weights, int members) {
        if (members < 1) throw new IllegalArgumentException("an ensemble needs at least one member");
        if (weights.length != members) {
            throw new IllegalArgumentException(weights.length + " weights for " + members + " members");
        }
        double total = 0;
        for (int m = 0; m < weights.length; m++) {
            String problem = weightProblem(weights[m]);
            if (problem != null) throw new IllegalArgumentException("weight of member " + (m + 1) + " " + problem);
            total += weights[m];
        }
        double[] w = new double[members];
        for (int m = 0; m < members; m++) w[m] = weights[m] / total;
        return w;
    }

    @Override
    public void close() {
        for (ProbabilityModel member : members) member.close();
    }
}
