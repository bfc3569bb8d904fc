package digits.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClassificationReportTest {
    /*
     * Worked by hand, then checked against scikit-learn 1.2.1:
     *   classification_report(TRUE, PRED, zero_division=0[, digits=4])
     * Class 3 is never predicted, classes 5 and 9 are predicted but never true, class 2 has recall 1/8
     * (an exact binary tie that Python rounds to 0.12 and String.format to 0.13).
     */
    static final int[] TRUE = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 6, 7, 8, 8};
    static final int[] PRED = {0, 0, 1, 1, 1, 2, 0, 0, 1, 1, 5, 5, 5, 2, 5, 4, 6, 7, 8, 9};

    static final String SKLEARN_2_DIGITS = """
                          precision    recall  f1-score   support

                       0       0.50      0.67      0.57         3
                       1       0.40      1.00      0.57         2
                       2       0.50      0.12      0.20         8
                       3       0.00      0.00      0.00         2
                       4       1.00      1.00      1.00         1
                       5       0.00      0.00      0.00         0
                       6       1.00      1.00      1.00         1
                       7       1.00      1.00      1.00         1
                       8       1.00      0.50      0.67         2
                       9       0.00      0.00      0.00         0

                accuracy                           0.45        20
               macro avg       0.54      0.53      0.50        20
            weighted avg       0.57      0.45      0.44        20
            """;

    static final String SKLEARN_4_DIGITS = """
                          precision    recall  f1-score   support

                       0     0.5000    0.6667    0.5714         3
                       1     0.4000    1.0000    0.5714         2
                       2     0.5000    0.1250    0.2000         8
                       3     0.0000    0.0000    0.0000         2
                       4     1.0000    1.0000    1.0000         1
                       5     0.0000    0.0000    0.0000         0
                       6     1.0000    1.0000    1.0000         1
                       7     1.0000    1.0000    1.0000         1
                       8     1.0000    0.5000    0.6667         2
                       9     0.0000    0.0000    0.0000         0

                accuracy                         0.4500        20
               macro avg     0.5400    0.5292    0.5010        20
            weighted avg     0.5650    0.4500    0.4395        20
            """;

    final ClassificationReport report = ClassificationReport.of(ConfusionMatrix.of(TRUE, PRED));

    @Test
    void perClassMetricsMatchHandComputedFractions() {
        // class 0: predicted 4 times (2 right), 3 true -> P 2/4, R 2/3, F1 2*2/(4+3)
        assertMetrics(report.forClass(0), 0.5, 2.0 / 3, 4.0 / 7, 3);
        // class 1: predicted 5 times (2 right), 2 true
        assertMetrics(report.forClass(1), 0.4, 1.0, 4.0 / 7, 2);
        // class 2: predicted twice (1 right), 8 true
        assertMetrics(report.forClass(2), 0.5, 0.125, 0.2, 8);
        assertMetrics(report.forClass(8), 1.0, 0.5, 2.0 / 3, 2);
    }

    @Test
    void zeroDivisionGivesZero() {
        // never predicted: precision 0/0
        assertMetrics(report.forClass(3), 0, 0, 0, 2);
        // never true: recall 0/0
        assertMetrics(report.forClass(5), 0, 0, 0, 0);
        assertMetrics(report.forClass(9), 0, 0, 0, 0);
        // a class absent from both: every ratio is 0/0
        ClassificationReport absent = ClassificationReport.of(ConfusionMatrix.of(new int[]{1, 1}, new int[]{1, 1}));
        assertMetrics(absent.forClass(0), 0, 0, 0, 0);
        assertMetrics(absent.forClass(1), 1, 1, 1, 2);
        assertThat(absent.macroAverage().precision()).isCloseTo(0.1, within(1e-12));
        assertThat(absent.weightedAverage().precision()).isEqualTo(1.0);
    }

    @Test
    void averagesMatchHandComputedValues() {
        assertThat(report.accuracy()).isEqualTo(9.0 / 20);
        ClassificationReport.Metrics macro = report.macroAverage();
        assertThat(macro.precision()).isCloseTo(5.4 / 10, within(1e-12));
        assertThat(macro.recall()).isCloseTo((2.0 / 3 + 1 + 0.125 + 1 + 1 + 1 + 0.5) / 10, within(1e-12));
        assertThat(macro.f1()).isCloseTo((8.0 / 7 + 0.2 + 3 + 2.0 / 3) / 10, within(1e-12));
        assertThat(macro.support()).isEqualTo(20);
        ClassificationReport.Metrics weighted = report.weightedAverage();
        assertThat(weighted.precision()).isCloseTo(11.3 / 20, within(1e-12));
        // weighted recall is always the accuracy
        assertThat(weighted.recall()).isCloseTo(0.45, within(1e-12));
        assertThat(weighted.f1()).isCloseTo((12.0 / 7 + 8.0 / 7 + 1.6 + 3 + 4.0 / 3) / 20, within(1e-12));
    }

    @Test
    void formatIsScikitLearnsTextCharacterForCharacter() {
        assertThat(report.format(2)).isEqualTo(SKLEARN_2_DIGITS);
        assertThat(report.format(4)).isEqualTo(SKLEARN_4_DIGITS);
        assertThat(report.format()).isEqualTo(SKLEARN_4_DIGITS);
    }

    @Test
    void decimalsRoundTheExactBinaryValueHalfToEven() {
        assertThat(Decimals.fixed(0.125, 2)).isEqualTo("0.12");   // exact tie, to even
        assertThat(Decimals.fixed(0.375, 2)).isEqualTo("0.38");   // exact tie, to even
        assertThat(Decimals.fixed(2.675, 2)).isEqualTo("2.67");   // 2.67499999... in binary
        assertThat(Decimals.fixed(1.0, 4)).isEqualTo("1.0000");
        assertThat(Decimals.fixed(Double.NaN, 4)).isEqualTo("nan");
    }

    private static void assertMetrics(ClassificationReport.Metrics m, double p, double r, double f1, int support) {
        assertThat(m.precision()).as("precision").isCloseTo(p, within(1e-12));
        assertThat(m.recall()).as("recall").isCloseTo(r, within(1e-12));
        assertThat(m.f1()).as("f1").isCloseTo(f1, within(1e-12));
        assertThat(m.support()).as("support").isEqualTo(support);
    }
}
