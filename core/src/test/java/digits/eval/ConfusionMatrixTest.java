package digits.eval;

import org.junit.jupiter.api.Test;

import static digits.eval.ClassificationReportTest.PRED;
import static digits.eval.ClassificationReportTest.TRUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfusionMatrixTest {
    final ConfusionMatrix matrix = ConfusionMatrix.of(TRUE, PRED);

    @Test
    void countsRowsAsTrueAndColumnsAsPredicted() {
        // the same matrix scikit-learn's confusion_matrix(TRUE, PRED) prints
        int[][] expected = {
                {2, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                {0, 2, 0, 0, 0, 0, 0, 0, 0, 0},
                {2, 2, 1, 0, 0, 3, 0, 0, 0, 0},
                {0, 0, 1, 0, 0, 1, 0, 0, 0, 0},
                {0, 0, 0, 0, 1, 0, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 1, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
                {0, 0, 0, 0, 0, 0, 0, 0, 1, 1},
                {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        };
        assertThat(matrix.counts()).isDeepEqualTo(expected);
        assertThat(matrix.count(2, 5)).isEqualTo(3);
        assertThat(matrix.total()).isEqualTo(20);
        assertThat(matrix.correct()).isEqualTo(9);
        assertThat(matrix.accuracy()).isEqualTo(0.45);
        assertThat(matrix.support(2)).isEqualTo(8);
        assertThat(matrix.predictedCount(3)).isZero();     // never predicted
        assertThat(matrix.predictedCount(5)).isEqualTo(4);
        assertThat(matrix.maxCount()).isEqualTo(3);
    }

    @Test
    void countsAreACopy() {
        matrix.counts()[0][0] = 99;
        assertThat(matrix.count(0, 0)).isEqualTo(2);
    }

    @Test
    void formatsAnAlignedTableWithHeadersAndTotals() {
        String expected = """
                true\\pred     0     1     2     3     4     5     6     7     8     9  total
                        0     2     1     0     0     0     0     0     0     0     0      3
                        1     0     2     0     0     0     0     0     0     0     0      2
                        2     2     2     1     0     0     3     0     0     0     0      8
                        3     0     0     1     0     0     1     0     0     0     0      2
                        4     0     0     0     0     1     0     0     0     0     0      1
                        5     0     0     0     0     0     0     0     0     0     0      0
                        6     0     0     0     0     0     0     1     0     0     0      1
                        7     0     0     0     0     0     0     0     1     0     0      1
                        8     0     0     0     0     0     0     0     0     1     1      2
                        9     0     0     0     0     0     0     0     0     0     0      0
                    total     4     5     2     0     1     4     1     1     1     1     20
                """;
        assertThat(matrix.format()).isEqualTo(expected);
    }

    @Test
    void columnsWidenForLargeCounts() {
        int[] truth = new int[123456];
        String table = ConfusionMatrix.of(truth, truth.clone()).format();
        assertThat(table.lines().toList()).allSatisfy(line -> assertThat(line).hasSize(table.lines().findFirst().orElseThrow().length()));
        assertThat(table).contains(" 123456");
    }

    @Test
    void rejectsLabelsOutsideTheClasses() {
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[]{1, 10}, new int[]{1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("true label 10 at index 1 is outside 0-9");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[]{1}, new int[]{-1}))
                .hasMessage("predicted label -1 at index 0 is outside 0-9");
        assertThatThrownBy(() -> ConfusionMatrix.of(new int[]{1, 2}, new int[]{1}))
                .hasMessage("2 true labels but 1 predictions");
    }

    @Test
    void equalityIsByCounts() {
        assertThat(ConfusionMatrix.of(TRUE, PRED)).isEqualTo(matrix).hasSameHashCodeAs(matrix);
        assertThat(ConfusionMatrix.fromCounts(matrix.counts())).isEqualTo(matrix);
        assertThat(ConfusionMatrix.of(TRUE, TRUE)).isNotEqualTo(matrix);
    }
}
