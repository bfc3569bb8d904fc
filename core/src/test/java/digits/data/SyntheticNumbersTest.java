package digits.data;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.ArrayDeque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Numbers made from MNIST test digits: deterministic, from the asked part of the test set only, touching when asked. */
class SyntheticNumbersTest {
    private static final SyntheticNumbers TUNING = SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.TUNING);
    private static final SyntheticNumbers REPORTED = SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.REPORTED);

    @Test
    void theSameSeedGivesTheSamePictureAndOtherSeedsOtherOnes() {
        for (SyntheticNumbers.Kind kind : SyntheticNumbers.Kind.values()) {
            SyntheticNumbers.Number a = TUNING.generate(7, 5, kind);
            SyntheticNumbers.Number b = TUNING.generate(7, 5, kind);
            assertThat(b.digits()).isEqualTo(a.digits());
            assertThat(b.testIndices()).isEqualTo(a.testIndices());
            assertThat(pixels(b.image())).isEqualTo(pixels(a.image()));
            assertThat(TUNING.generate(8, 5, kind).testIndices()).isNotEqualTo(a.testIndices());
        }
    }

    @Test
    void digitsComeFromTheAskedPartOfTheTestSetWithTheirLabels() {
        Dataset test = MnistFiles.test();
        assertThat(SyntheticNumbers.Part.TUNING.to).isEqualTo(SyntheticNumbers.Part.REPORTED.from);
        assertThat(SyntheticNumbers.Part.REPORTED.to).isEqualTo(test.size());
        for (SyntheticNumbers generator : new SyntheticNumbers[]{TUNING, REPORTED}) {
            SyntheticNumbers.Part part = generator.part();
            for (int seed = 0; seed < 40; seed++) {
                SyntheticNumbers.Number n = generator.generate(seed, 1 + seed % 8, SyntheticNumbers.Kind.SEPARATED);
                assertThat(n.testIndices()).hasSize(n.digits().length());
                for (int i = 0; i < n.testIndices().length; i++) {
                    assertThat(n.testIndices()[i]).isBetween(part.from, part.to - 1);
                    assertThat(n.digits().charAt(i) - '0').isEqualTo(test.label(n.testIndices()[i]));
                }
            }
        }
    }

    @Test
    void theTrainingPartMakesTheSameWritingFromTrainingDigitsOnly() {
        SyntheticNumbers training = SyntheticNumbers.fromMnistTraining();
        Dataset train = MnistFiles.train();
        assertThat(SyntheticNumbers.Part.TRAINING.to).isEqualTo(train.size());
        for (int seed = 0; seed < 40; seed++) {
            SyntheticNumbers.Number n = training.generate(seed, 2, SyntheticNumbers.Kind.TOUCHING);
            assertThat(connected(n, 0, 1)).as("seed %d", seed).isTrue();
            for (int i = 0; i < 2; i++) {
                assertThat(n.testIndices()[i]).isBetween(0, train.size() - 1);
                assertThat(n.digits().charAt(i) - '0').isEqualTo(train.label(n.testIndices()[i]));
            }
        }
        assertThatThrownBy(() -> SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.TRAINING))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fromMnistTraining");
    }

    @Test
    void aTouchingPairsInkIsConnectedAndSeparatedDigitsInkIsNot() {
        for (int seed = 0; seed < 30; seed++) {
            SyntheticNumbers.Number separated = TUNING.generate(seed, 4, SyntheticNumbers.Kind.SEPARATED);
            assertThat(separated.touchingPair()).isEqualTo(-1);
            for (int k = 0; k + 1 < 4; k++) {
                assertThat(connected(separated, k, k + 1)).as("seed %d, digits %d and %d", seed, k, k + 1).isFalse();
            }
            SyntheticNumbers.Number touching = TUNING.generate(seed, 4, SyntheticNumbers.Kind.TOUCHING);
            int pair = touching.touchingPair();
            assertThat(pair).isBetween(0, 2);
            assertThat(connected(touching, pair, pair + 1)).as("seed %d, pair %d", seed, pair).isTrue();
        }
    }

    @Test
    void boxesLieInThePictureLeftToRight() {
        SyntheticNumbers.Number n = REPORTED.generate(3, 8, SyntheticNumbers.Kind.TOUCHING);
        int previousLeft = -1;
        for (int[] box : n.boxes()) {
            assertThat(box[0]).isGreaterThan(previousLeft);
            assertThat(box[0] + box[2]).isLessThanOrEqualTo(n.image().getWidth());
            assertThat(box[1] + box[3]).isLessThanOrEqualTo(n.image().getHeight());
            assertThat(box[3]).isGreaterThanOrEqualTo(15); // a digit at least 20 * 1.2 * 0.85 minus its empty rows
            previousLeft = box[0];
        }
    }

    @Test
    void refusesNumbersThatCannotBeMade() {
        assertThatThrownBy(() -> TUNING.generate(1, 0, SyntheticNumbers.Kind.SEPARATED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TUNING.generate(1, 1, SyntheticNumbers.Kind.TOUCHING)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Whether one 8-connected stroke (ink above 0.2: pixels darker than 204 of 255, as faint strokes of MNIST are) has pixels in the part of digit a's box that digit
     * b's box does not cover and in the part of b's box that a's does not.
     */
    private static boolean connected(SyntheticNumbers.Number n, int a, int b) {
        BufferedImage image = n.image();
        int w = image.getWidth(), h = image.getHeight();
        int[] gray = pixels(image);
        int[] component = new int[w * h];
        int next = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < gray.length; start++) {
            if (gray[start] >= INK || component[start] != 0) continue;
            component[start] = ++next;
            queue.add(start);
            boolean inA = false, inB = false;
            while (!queue.isEmpty()) {
                int p = queue.poll();
                int x = p % w, y = p / w;
                inA |= inside(n.boxes()[a], x, y) && !inside(n.boxes()[b], x, y);
                inB |= inside(n.boxes()[b], x, y) && !inside(n.boxes()[a], x, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                        int q = ny * w + nx;
                        if (gray[q] < INK && component[q] == 0) {
                            component[q] = next;
                            queue.add(q);
                        }
                    }
                }
            }
            if (inA && inB) return true;
        }
        return false;
    }

    private static final int INK = 204;

    private static boolean inside(int[] box, int x, int y) {
        return x >= box[0] && x < box[0] + box[2] && y >= box[1] && y < box[1] + box[3];
    }

    private static int[] pixels(BufferedImage image) {
        Raster r = image.getRaster();
        return r.getPixels(0, 0, image.getWidth(), image.getHeight(), (int[]) null);
    }
}
