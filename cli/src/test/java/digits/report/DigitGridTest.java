package digits.report;

import digits.data.Dataset;
import digits.eval.MostConfused;
import digits.testdata.MnistSample;
import digits.testdata.RealResults;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

import static digits.report.PictureChecks.assertPicture;
import static digits.report.PictureChecks.luminance;
import static digits.report.PictureChecks.pixelsOfColour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigitGridTest {
    private static int darkPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) for (int x = 0; x < image.getWidth(); x++) if (luminance(image.getRGB(x, y)) < 100) n++;
        return n;
    }

    @Test
    void oneDigitIsUpscaledDarkInkOnWhite() {
        Dataset data = MnistSample.test(1);
        float[] pixels = data.image(0);
        BufferedImage digit = Pictures.digit(pixels, 3);
        assertThat(digit.getWidth()).isEqualTo(84);
        // every source pixel becomes a 3x3 block: full ink is black, no ink is white
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int expected = Math.round(255 * (1 - pixels[r * 28 + c]));
                for (int d = 0; d < 3; d++) {
                    assertThat(digit.getRGB(c * 3 + d, r * 3 + d) & 0xFF).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void samplesGridDrawsEveryRealDigit() {
        Dataset data = MnistSample.test(100);
        int[] indices = IntStream.range(0, 20).toArray();
        BufferedImage image = DigitGrid.samples(data, indices, 10, "MNIST test samples");
        assertPicture(image, "samples", image.getWidth(), image.getHeight(), 0.05);
        assertThat(image.getWidth()).isBetween(10 * 112, 10 * 112 + 10 * 14 + 40);
        // real digits cover ~19% of their 28x28 box: 20 of them at 4x4 blocks give thousands of dark pixels
        int expectedInk = 0;
        for (int i : indices) for (int p = 0; p < 784; p++) if (data.pixels()[i * 784 + p] > 0.7f) expectedInk += 16;
        assertThat(darkPixels(image)).isGreaterThan(expectedInk);
    }

    @Test
    void mistakesGalleryCaptionsInRed() {
        List<MostConfused.Mistake> mistakes = RealResults.MISTAKES;
        assertThat(mistakes).hasSize(24);
        BufferedImage image = DigitGrid.mistakes(RealResults.TEST, mistakes, 8, "Most confident mistakes");
        assertPicture(image, "mistakes", image.getWidth(), image.getHeight(), 0.05);
        assertThat(pixelsOfColour(image, Style.RED, 40)).as("red caption pixels").isGreaterThan(24 * 100);
        assertThat(darkPixels(image)).isGreaterThan(24 * 600);
    }

    @Test
    void unlabelledDataIsCaptionedByIndexAndEmptyGridsAreRefused() {
        Dataset data = MnistSample.test(5);
        Dataset unlabelled = new Dataset("kaggle test", data.pixels(), null);
        BufferedImage image = DigitGrid.samples(unlabelled, new int[]{0, 4}, 5, null);
        assertThat(image.getWidth()).isEqualTo(2 * 16 + 2 * 112 + 14);
        assertThatThrownBy(() -> DigitGrid.samples(data, new int[0], 5, "x")).hasMessage("no images to draw");
    }

    @Test
    void sampleIndicesTakeTheFirstImagesOfEachDigitRowByRow() {
        Dataset data = MnistSample.test(200);
        int[] indices = DigitGrid.sampleIndices(data, 3);
        assertThat(indices).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(data.label(indices[i])).isEqualTo(i % 10);
            // the earliest images of that digit, in file order
            int earlier = 0;
            for (int j = 0; j < indices[i]; j++) if (data.label(j) == i % 10) earlier++;
            assertThat(earlier).isEqualTo(i / 10);
        }
        // a digit with too few images leaves its places out; unlabelled data gives the first images
        Dataset ones = data.subset(IntStream.range(0, 200).filter(i -> data.label(i) == 1).limit(2).toArray(), "ones");
        assertThat(DigitGrid.sampleIndices(ones, 3)).containsExactly(0, 1);
        Dataset unlabelled = new Dataset("test.csv", data.head(25).pixels(), null);
        assertThat(DigitGrid.sampleIndices(unlabelled, 2)).containsExactly(IntStream.range(0, 20).toArray());
    }
}
