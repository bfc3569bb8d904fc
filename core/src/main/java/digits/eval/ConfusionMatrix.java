package digits.eval;

import digits.data.Dataset;

import java.util.Arrays;

/**
 * Counts of (true label, predicted label) pairs: row = true label, column = predicted label,
 * as scikit-learn's {@code confusion_matrix} lays it out.
 */
public final class ConfusionMatrix {
    private final int[][] counts;

    private ConfusionMatrix(int[][] counts) {
        this.counts = counts;
    }

    /** The 10x10 matrix of digit labels. */
    public static ConfusionMatrix of(int[] trueLabels, int[] predictedLabels) {
        return of(trueLabels, predictedLabels, Dataset.CLASSES);
    }

    public static ConfusionMatrix of(int[] trueLabels, int[] predictedLabels, int classes) {
        if (trueLabels.length != predictedLabels.length) {
            throw new IllegalArgumentException(trueLabels.length + " true labels but " + predictedLabels.length + " predictions");
        }
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < trueLabels.length; i++) {
            counts[checkLabel(trueLabels[i], i, "true", classes)][checkLabel(predictedLabels[i], i, "predicted", classes)]++;
        }
        return new ConfusionMatrix(counts);
    }

    /** A matrix from existing counts (copied), e.g. one read back from a report. */
    public static ConfusionMatrix fromCounts(int[][] counts) {
        int[][] copy = new int[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            if (counts[r].length != counts.length) throw new IllegalArgumentException("confusion matrix must be square");
            for (int c : counts[r]) if (c < 0) throw new IllegalArgumentException("negative count " + c);
            copy[r] = counts[r].clone();
        }
        return new ConfusionMatrix(copy);
    }

    static int checkLabel(int label, int index, String kind, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException(kind + " label " + label + " at index " + index + " is outside 0-" + (classes - 1));
        }
        return label;
    }

    public int classes() { return counts.length; }

    /** Images of class {@code trueLabel} that were predicted as {@code predicted}. */
    public int count(int trueLabel, int predicted) { return counts[trueLabel][predicted]; }

    /** A copy of the counts, {@code [true][predicted]}. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int r = 0; r < counts.length; r++) copy[r] = counts[r].clone();
        return copy;
    }

    public int total() {
        int sum = 0;
        for (int[] row : counts) for (int c : row) sum += c;
        return sum;
    }

    public int correct() {
        int sum = 0;
        for (int k = 0; k < counts.length; k++) sum += counts[k][k];
        return sum;
    }

    /** Fraction on the diagonal; 0 for an empty matrix. */
    public double accuracy() {
        int total = total();
        return total == 0 ? 0 : (double) correct() / total;
    }

    /** Images whose true label is {@code label} (the row sum). */
    public int support(int label) {
        int sum = 0;
        for (int c : counts[label]) sum += c;
        return sum;
    }

    /** Images predicted as {@code label} (the column sum). */
    public int predictedCount(int label) {
        int sum = 0;
        for (int[] row : counts) sum += row[label];
        return sum;
    }

    /** The largest single cell, used to scale heatmaps. */
    public int maxCount() {
        int max = 0;
        for (int[] row : counts) for (int c : row) max = Math.max(max, c);
        return max;
    }

    /**
     * An aligned table with a header row of predicted labels, a header column of true labels and totals:
     * <pre>
     * true\pred    0    1    2  total
     *         0    1    0    0      1
     * </pre>
     */
    public String format() {
        int n = counts.length;
        String corner = "true\\pred";
        int width = Math.max(String.valueOf(total()).length(), "total".length()) + 1;
        width = Math.max(width, String.valueOf(n - 1).length() + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(corner);
        for (int c = 0; c < n; c++) sb.append(Text.right(String.valueOf(c), width));
        sb.append(Text.right("total", width + 1)).append('\n');
        for (int r = 0; r < n; r++) {
            sb.append(Text.right(String.valueOf(r), corner.length()));
            for (int c = 0; c < n; c++) sb.append(Text.right(String.valueOf(counts[r][c]), width));
            sb.append(Text.right(String.valueOf(support(r)), width + 1)).append('\n');
        }
        sb.append(Text.right("total", corner.length()));
        for (int c = 0; c < n; c++) sb.append(Text.right(String.valueOf(predictedCount(c)), width));
        sb.append(Text.right(String.valueOf(total()), width + 1)).append('\n');
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && Arrays.deepEquals(counts, other.counts);
    }

    @Override
    public int hashCode() { return Arrays.deepHashCode(counts); }

    @Override
    public String toString() { return format(); }
}
