package digits.api;

import digits.data.Dataset;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Occlusion saliency on real MNIST test digits with a trained MLP: the maps point at the ink that matters. */
class ExplanationTest {
    private static final int DIGITS = 40;
    /** Pixels blanked in each comparison: about a sixth of a digit's ink. */
    private static final int BLANKED = 25;
    private static DigitRecognizer recognizer;
    private static Mnist.Digits digits;

    @BeforeAll
    static void load() {
        recognizer = DigitRecognizer.load(TrainedModels.mlp());
        digits = Mnist.test(DIGITS);
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    @Test
    void blankingTheMostSalientPixelsLowersTheLabelMoreThanBlankingRandomInk() {
        Random random = new Random(5);
        int salientWins = 0;
        double salientDrop = 0, randomDrop = 0;
        for (int i = 0; i < DIGITS; i++) {
            float[] image = digits.image(i);
            Explanation e = recognizer.explain(image);
            float before = e.prediction().confidence();
            List<Integer> ink = IntStream.range(0, Dataset.PIXELS).filter(p -> image[p] > 0).boxed().toList();
            List<Integer> salient = new ArrayList<>(ink);
            salient.sort(Comparator.comparingDouble(p -> -e.labelMap()[p]));
            float bySaliency = blankedProbability(image, salient.subList(0, BLANKED), e.label());
            List<Integer> shuffled = new ArrayList<>(ink);
            java.util.Collections.shuffle(shuffled, random);
            float byChance = blankedProbability(image, shuffled.subList(0, BLANKED), e.label());
            if (bySaliency < byChance) salientWins++;
            salientDrop += before - bySaliency;
            randomDrop += before - byChance;
        }
        assertThat(salientWins).isGreaterThanOrEqualTo(DIGITS * 8 / 10);
        assertThat(salientDrop).isGreaterThan(2 * randomDrop);
    }

    private static float blankedProbability(float[] image, List<Integer> pixels, int label) {
        float[] copy = image.clone();
        for (int p : pixels) copy[p] = 0;
        return recognizer.predict(copy).probabilities()[label];
    }

    @Test
    void mapsCoverTheInkAndNameTheRunnerUp() {
        float[] image = digits.image(0);
        Explanation e = recognizer.explain(image);
        Prediction p = recognizer.predict(image);
        assertThat(e.label()).isEqualTo(p.label());
        for (int d = 0; d < 10; d++) {
            // One image alone or first of a batch: the same up to float rounding.
            assertThat(e.prediction().probabilities()[d]).isCloseTo(p.probabilities()[d], org.assertj.core.api.Assertions.within(1e-5f));
        }
        float[] sorted = p.probabilities().clone();
        java.util.Arrays.sort(sorted);
        assertThat(e.runnerUp()).isNotEqualTo(e.label());
        assertThat(p.probabilities()[e.runnerUp()]).isEqualTo(sorted[8]);
        assertThat(e.labelMap()).hasSize(Dataset.PIXELS);
        assertThat(e.runnerUpMap()).hasSize(Dataset.PIXELS);
        // Far from any ink (more than a patch away) nothing changes when blanked: exactly 0.
        for (int pixel = 0; pixel < Dataset.PIXELS; pixel++) {
            if (distanceToInk(image, pixel) >= Occlusion.PATCH) {
                assertThat(e.labelMap()[pixel]).as("pixel %d", pixel).isZero();
            }
        }
        double onInk = 0;
        for (int pixel = 0; pixel < Dataset.PIXELS; pixel++) if (image[pixel] > 0.5f) onInk += e.labelMap()[pixel];
        assertThat(onInk).as("the ink supports the label on the whole").isPositive();
    }

    private static int distanceToInk(float[] image, int pixel) {
        int best = Integer.MAX_VALUE;
        for (int q = 0; q < Dataset.PIXELS; q++) {
            if (image[q] > 0) {
                best = Math.min(best, Math.max(Math.abs(q / 28 - pixel / 28), Math.abs(q % 28 - pixel % 28)));
            }
        }
        return best;
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> recognizer.explain(new float[10])).hasMessage("expected 784 pixels, got 10");
        float[] bright = digits.image(1);
        bright[3] = 2f;
        assertThatThrownBy(() -> recognizer.explain(bright)).hasMessageContaining("outside [0,1]");
    }
}
