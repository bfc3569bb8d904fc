package digits.api;

import digits.eval.Probabilities;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionTest {
    @Test
    void theLabelIsTheMostProbableDigitTiesToTheLowerAsInEvaluation() {
        float[] tie = {0, 0, 0.5f, 0, 0, 0.5f, 0, 0, 0, 0};
        Prediction p = Prediction.fromProbabilities(tie);
        assertThat(p.label()).isEqualTo(2).isEqualTo(Probabilities.argmax(tie)[0]);
        assertThat(p.confidence()).isEqualTo(0.5f);

        float[] seven = {0.01f, 0, 0.02f, 0, 0, 0, 0, 0.9f, 0.07f, 0};
        assertThat(Prediction.fromProbabilities(seven).label()).isEqualTo(7);
    }

    @Test
    void needsTenProbabilities() {
        assertThatThrownBy(() -> Prediction.fromProbabilities(new float[9])).hasMessage("expected 10 probabilities, got 9");
        assertThatThrownBy(() -> Prediction.fromProbabilities(null)).hasMessage("expected 10 probabilities, got null");
    }
}
