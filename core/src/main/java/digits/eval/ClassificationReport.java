package digits.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Per-class precision, recall, F1 and support with accuracy and macro / weighted averages, defined exactly as
 * scikit-learn's {@code classification_report(y_true, y_pred, labels=range(10), zero_division=0)}:
 * a ratio with a zero denominator is 0, and F1 is {@code 2tp / (2tp + fp + fn)}.
 */
public final class ClassificationReport {
    /** Digits after the decimal point in {@link #format()}; scikit-learn's default is 2, too coarse for MNIST. */
    public static final int DEFAULT_DIGITS = 4;

    /** One row of the report; for the averages, support is the total number of images. */
    public record Metrics(double precision, double recall, double f1, int support) {}

    private final List<Metrics> perClass;
    private final double accuracy;
    private final Metrics macroAverage;
    private final Metrics weightedAverage;

    private ClassificationReport(List<Metrics> perClass, double accuracy, Metrics macroAverage, Metrics weightedAverage) {
        this.perClass = perClass;
        this.accuracy = accuracy;
        this.macroAverage = macroAverage;
        this.weightedAverage = weightedAverage;
    }

    public static ClassificationReport of(ConfusionMatrix matrix) {
        int n = matrix.classes();
        List<Metrics> rows = new ArrayList<>(n);
        double[] sums = new double[3];
        double[] weighted = new double[3];
        int total = matrix.total();
        for (int k = 0; k < n; k++) {
            int tp = matrix.count(k, k);
            int support = matrix.support(k);
            int predicted = matrix.predictedCount(k);
            double precision = ratio(tp, predicted);
            double recall = ratio(tp, support);
            double f1 = ratio(2.0 * tp, predicted + support); // 2tp + fp + fn = predicted + support
            Metrics m = new Metrics(precision, recall, f1, support);
            rows.add(m);
            sums[0] += precision;
            sums[1] += recall;
            sums[2] += f1;
            weighted[0] += precision * support;
            weighted[1] += recall * support;
            weighted[2] += f1 * support;
        }
        Metrics macro = new Metrics(sums[0] / n, sums[1] / n, sums[2] / n, total);
        Metrics weightedAvg = total == 0 ? new Metrics(0, 0, 0, 0)
                : new Metrics(weighted[0] / total, weighted[1] / total, weighted[2] / total, total);
        return new ClassificationReport(Collections.unmodifiableList(rows), matrix.accuracy(), macro, weightedAvg);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    /** One entry per class, index = label. */
    public List<Metrics> perClass() { return perClass; }

    public Metrics forClass(int label) { return perClass.get(label); }

    public double accuracy() { return accuracy; }

    public Metrics macroAverage() { return macroAverage; }

    public Metrics weightedAverage() { return weightedAverage; }

    public String format() { return format(DEFAULT_DIGITS); }

    /** The text of scikit-learn's {@code classification_report(..., digits=digits)}, character for character. */
    public String format(int digits) {
        String lastHeading = "weighted avg";
        int width = Math.max(Math.max(lastHeading.length(), String.valueOf(perClass.size() - 1).length()), digits);
        StringBuilder sb = new StringBuilder();
        sb.append(Text.right("", width)).append(' ');
        for (String h : new String[]{"precision", "recall", "f1-score", "support"}) sb.append(' ').append(Text.right(h, 9));
        sb.append("\n\n");
        for (int k = 0; k < perClass.size(); k++) row(sb, String.valueOf(k), perClass.get(k), width, digits);
        sb.append('\n');
        int total = macroAverage.support();
        sb.append(Text.right("accuracy", width)).append(' ')
                .append(' ').append(Text.right("", 9))
                .append(' ').append(Text.right("", 9))
                .append(' ').append(Text.right(Decimals.fixed(accuracy, digits), 9))
                .append(' ').append(Text.right(String.valueOf(total), 9)).append('\n');
        row(sb, "macro avg", macroAverage, width, digits);
        row(sb, lastHeading, weightedAverage, width, digits);
        return sb.toString();
    }

    private static void row(StringBuilder sb, String heading, Metrics m, int width, int digits) {
        sb.append(Text.right(heading, width)).append(' ')
                .append(' ').append(Text.right(Decimals.fixed(m.precision(), digits), 9))
                .append(' ').append(Text.right(Decimals.fixed(m.recall(), digits), 9))
                .append(' ').append(Text.right(Decimals.fixed(m.f1(), digits), 9))
                .append(' ').append(Text.right(String.valueOf(m.support()), 9)).append('\n');
    }

    @Override
    public String toString() { return format(); }
}
