package digits.eval;

import digits.data.Dataset;
import digits.testdata.MnistSample;
import digits.testdata.NearestMeanClassifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MostConfusedTest {
    private static float[] oneHot(int label, float p) {
        float[] row = new float[10];
        row[label] = p;
        row[(label + 1) % 10] = 1 - p;
        return row;
    }

    @Test
    void mostConfidentMistakesFirstAndOnlyMistakes() {
        int[] labels = {0, 1, 2, 3, 4};
        float[] probs = Probabilities.flatten(new float[][]{
                oneHot(5, 0.6f),   // wrong: 0 -> 5 at 0.6
                oneHot(1, 0.99f),  // right, even though very confident
                oneHot(7, 0.9f),   // wrong: 2 -> 7 at 0.9
                oneHot(8, 0.6f),   // wrong: 3 -> 8 at 0.6, ties with image 0
                oneHot(4, 0.7f),   // right
        });
        List<MostConfused.Mistake> top = MostConfused.find(labels, probs, 10);
        assertThat(top).containsExactly(
                new MostConfused.Mistake(2, 2, 7, 0.9f),
                new MostConfused.Mistake(0, 0, 5, 0.6f),
                new MostConfused.Mistake(3, 3, 8, 0.6f));
        assertThat(MostConfused.find(labels, probs, 1)).extracting(MostConfused.Mistake::index).containsExactly(2);
        assertThat(MostConfused.find(labels, probs, 0)).isEmpty();
    }

    @Test
    void realNearestMeanMistakesAreWrongAndSorted() {
        Dataset test = MnistSample.test(500);
        float[] probs = new NearestMeanClassifier(MnistSample.train(2000)).probabilities(test);
        List<MostConfused.Mistake> top = MostConfused.find(test.labels(), probs, 16);
        assertThat(top).hasSize(16);
        for (int i = 0; i < top.size(); i++) {
            MostConfused.Mistake m = top.get(i);
            assertThat(m.trueLabel()).isEqualTo(test.label(m.index())).isNotEqualTo(m.predicted());
            assertThat(m.probability()).isEqualTo(Probabilities.get(probs, m.index(), m.predicted()));
            if (i > 0) assertThat(m.probability()).isLessThanOrEqualTo(top.get(i - 1).probability());
        }
    }
}
