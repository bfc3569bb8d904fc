package digits.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnsembleSelectionTest {
    /** Ten images, labels 0..9. */
    private static final int[] LABELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    /**
     * A: right on images 0-7 (0.6 on the label), wrong on 8-9 (0.6 on the next class). B: wrong on 0-7 (0.35 on the next
     * class, 0.3 on the label), right on 8-9 with 0.9. Alone A scores 0.8 and B 0.2; averaged, they are right on all ten.
     */
    private static float[] candidateA() {
        float[] p = new float[100];
        for (int i = 0; i < 10; i++) {
            java.util.Arrays.fill(p, i * 10, i * 10 + 10, 0.4f / 9);
            int peak = i < 8 ? LABELS[i] : (LABELS[i] + 1) % 10;
            p[i * 10 + peak] = 0.6f;
        }
        return p;
    }

    private static float[] candidateB() {
        float[] p = new float[100];
        for (int i = 0; i < 10; i++) {
            if (i < 8) {
                java.util.Arrays.fill(p, i * 10, i * 10 + 10, 0.35f / 8);
                p[i * 10 + LABELS[i]] = 0.3f;
                p[i * 10 + (LABELS[i] + 1) % 10] = 0.35f;
            } else {
                java.util.Arrays.fill(p, i * 10, i * 10 + 10, 0.1f / 9);
                p[i * 10 + LABELS[i]] = 0.9f;
            }
        }
        return p;
    }

    @Test
    void startsWithTheBestCandidateThenAddsTheOneThatFixesItsErrorsNotACopyOfItself() {
        float[] a = candidateA();
        EnsembleSelection.Result result = EnsembleSelection.select(List.of(a, candidateB(), a.clone()), LABELS, 2);
        assertThat(result.accuracy()[0]).isCloseTo(0.8, within(1e-9));
        assertThat(result.accuracy()[1]).isCloseTo(1.0, within(1e-9));
        assertThat(result.counts()).containsExactly(1, 1, 0);
        assertThat(result.chosen()).containsExactly(0, 1);
        assertThat(EnsembleSelection.weights(result)).containsExactly(1.0, 1.0);
        assertThat(result.loss()[1]).isLessThan(result.loss()[0]);
    }

    @Test
    void moreRoundsMayChooseACandidateAgainAndNeverLowerTheHeldOutAccuracyOfTheFirstChoice() {
        EnsembleSelection.Result result = EnsembleSelection.select(List.of(candidateA(), candidateB()), LABELS, 5);
        assertThat(java.util.Arrays.stream(result.counts()).sum()).isEqualTo(5);
        assertThat(result.finalAccuracy()).isGreaterThanOrEqualTo(result.accuracy()[0]);
    }

    @Test
    void refusesWhatCannotBeChosenFrom() {
        assertThatThrownBy(() -> EnsembleSelection.select(List.of(), LABELS, 1)).hasMessage("no candidates to choose from");
        assertThatThrownBy(() -> EnsembleSelection.select(List.of(candidateA()), LABELS, 0)).hasMessage("rounds must be at least 1, got 0");
        assertThatThrownBy(() -> EnsembleSelection.select(List.of(candidateA()), LABELS, 2_000_000_000))
                .hasMessage("rounds must be at most 1000, got 2000000000");
        assertThatThrownBy(() -> EnsembleSelection.select(List.of(new float[99]), LABELS, 1))
                .hasMessage("a candidate has 99 probabilities for 10 images");
    }
}
