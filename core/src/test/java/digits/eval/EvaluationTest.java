package digits.eval;

import digits.data.Dataset;
import digits.testdata.MnistSample;
import digits.testdata.NearestMeanClassifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluationTest {
    static final int[] LABELS = {3, 7, 1};
    static final float[][] PROBS = {
            {0, 0, 0, 0.7f, 0.1f, 0, 0, 0, 0.2f, 0},      // right, p(true) = 0.7
            {0, 0.5f, 0, 0, 0, 0, 0, 0.25f, 0.25f, 0},    // wrong (1), p(true) = 0.25
            {0, 0, 0, 0, 0, 0, 0, 0, 0, 1f},              // wrong (9), p(true) = 0, clipped to 1e-7
    };

    @Test
    void lossIsMeanCrossEntropyWithClipping() {
        Evaluation e = Evaluation.of(LABELS, PROBS);
        double expected = -(Math.log(0.7f) + Math.log(0.25) + Math.log(1e-7)) / 3;
        assertThat(e.loss()).isCloseTo(expected, within(1e-12));
        assertThat(e.loss()).isCloseTo(5.9537, within(1e-4)); // (0.3567 + 1.3863 + 16.1181) / 3
        assertThat(e.accuracy()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(e.size()).isEqualTo(3);
        assertThat(e.confusion().count(7, 1)).isEqualTo(1);
        assertThat(e.confusion().count(1, 9)).isEqualTo(1);
        assertThat(e.report().forClass(3).f1()).isEqualTo(1.0);
    }

    @Test
    void flatAndNestedInputsAgree() {
        Evaluation nested = Evaluation.of(LABELS, PROBS);
        Evaluation flat = Evaluation.of(LABELS, Probabilities.flatten(PROBS));
        assertThat(flat.loss()).isEqualTo(nested.loss());
        assertThat(flat.confusion()).isEqualTo(nested.confusion());
    }

    @Test
    void tiesGoToTheLowerDigit() {
        float[] tie = {0, 0, 0.5f, 0, 0, 0.5f, 0, 0, 0, 0};
        assertThat(Probabilities.argmax(tie)).containsExactly(2);
        assertThat(Probabilities.argmax(tie, 0)).isEqualTo(2);
    }

    @Test
    void rejectsMismatchedOrMalformedInput() {
        assertThatThrownBy(() -> Evaluation.of(new int[]{1, 2}, new float[10]))
                .hasMessage("2 labels but probabilities for 1 images");
        assertThatThrownBy(() -> Evaluation.of(new int[]{1}, new float[9]))
                .hasMessage("probability array length 9 is not a multiple of 10");
        float[] nan = new float[10];
        nan[4] = Float.NaN;
        assertThatThrownBy(() -> Evaluation.of(new int[]{1}, nan))
                .hasMessage("image 0: probability of class 4 is NaN");
        assertThatThrownBy(() -> Evaluation.of(new int[]{12}, new float[10]))
                .hasMessage("true label 12 at index 0 is outside 0-9");
        // a label of 12 must not read the next image's probabilities
        assertThatThrownBy(() -> Evaluation.crossEntropy(new int[]{12, 0}, new float[20]))
                .hasMessage("true label 12 at index 0 is outside 0-9");
        assertThatThrownBy(() -> MostConfused.find(new int[]{1}, new float[20], 3))
                .hasMessage("1 labels but probabilities for 2 images");
    }

    @Test
    void nearestClassMeanOnRealDigitsIsAboutEightyPercent() {
        Dataset train = MnistSample.train(2000);
        Dataset test = MnistSample.test(1000);
        float[] probs = new NearestMeanClassifier(train).probabilities(test);
        Evaluation e = Evaluation.of(test.labels(), probs);
        assertThat(e.accuracy()).isBetween(0.70, 0.90);
        assertThat(e.size()).isEqualTo(1000);
        assertThat(e.loss()).isBetween(0.1, 3.0);
        assertThat(e.report().weightedAverage().recall()).isCloseTo(e.accuracy(), within(1e-12));
        for (int k = 0; k < 10; k++) assertThat(e.report().forClass(k).support()).isEqualTo(test.labelCounts()[k]);
        String text = e.format();
        assertThat(text).startsWith("loss ").contains("accuracy " + Decimals.fixed(e.accuracy(), 4))
                .contains("weighted avg").contains("true\\pred");
    }
}
