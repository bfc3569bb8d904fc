package digits.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DeskewTest {
    static Dataset digits;

    @BeforeAll
    static void data() {
        digits = MnistFiles.test().head(300);
    }

    @Test
    void straightenedDigitsStandUpright() {
        double before = 0, after = 0;
        float[] straight = Deskew.straighten(digits).pixels();
        for (int i = 0; i < digits.size(); i++) {
            int at = i * Dataset.PIXELS;
            before += Math.abs(Deskew.slant(digits.pixels(), at));
            after += Math.abs(Deskew.slant(straight, at));
        }
        // Handwriting leans: real MNIST digits slant by about a fifth of a pixel per row on average.
        assertThat(before / digits.size()).isGreaterThan(0.1);
        // Straightening leaves only what interpolation and the image's edges cause.
        assertThat(after / digits.size()).isLessThan(before / digits.size() / 10);
    }

    @Test
    void aStraightenedDigitKeepsItsRowsItsCentreAndItsInk() {
        for (int i = 0; i < digits.size(); i++) {
            float[] image = digits.image(i);
            float[] straight = new float[Dataset.PIXELS];
            Deskew.straighten(image, 0, straight, 0);
            for (int r = 0; r < Dataset.ROWS; r++) {
                // A row is shifted sideways, never moved up or down: its ink stays (unless pushed past an edge).
                assertThat(rowInk(straight, r)).isLessThanOrEqualTo(rowInk(image, r) + 1e-3);
            }
            assertThat(ink(straight)).isCloseTo(ink(image), within(0.03 * ink(image)));
            assertThat(centreColumn(straight)).isCloseTo(centreColumn(image), within(0.25));
        }
    }

    @Test
    void anUprightDigitIsLeftAsItIsAndABlankStaysBlank() {
        float[] upright = Deskew.straighten(digits).pixels();
        float[] again = new float[Dataset.PIXELS];
        for (int i = 0; i < digits.size(); i++) {
            Deskew.straighten(upright, i * Dataset.PIXELS, again, 0);
            double changed = 0;
            for (int p = 0; p < Dataset.PIXELS; p++) changed += Math.abs(again[p] - upright[i * Dataset.PIXELS + p]);
            float[] image = new float[Dataset.PIXELS];
            System.arraycopy(upright, i * Dataset.PIXELS, image, 0, Dataset.PIXELS);
            assertThat(changed).isLessThan(0.1 * ink(image));
        }
        float[] blank = new float[Dataset.PIXELS];
        float[] out = new float[Dataset.PIXELS];
        Deskew.straighten(blank, 0, out, 0);
        assertThat(out).containsOnly(0f);
        assertThat(Deskew.slant(blank, 0)).isZero();
    }

    @Test
    void aDatasetIsStraightenedIntoACopyWithTheSameLabels() {
        Dataset straight = Deskew.straighten(digits);
        assertThat(straight.labels()).isSameAs(digits.labels());
        assertThat(straight.pixels()).isNotSameAs(digits.pixels()).hasSameSizeAs(digits.pixels());
        assertThat(digits.pixels()).isEqualTo(MnistFiles.test().head(300).pixels());
    }

    private static double ink(float[] image) {
        double s = 0;
        for (float v : image) s += v;
        return s;
    }

    private static double rowInk(float[] image, int row) {
        double s = 0;
        for (int c = 0; c < Dataset.COLS; c++) s += image[row * Dataset.COLS + c];
        return s;
    }

    private static double centreColumn(float[] image) {
        double s = 0, sc = 0;
        for (int p = 0; p < Dataset.PIXELS; p++) {
            s += image[p];
            sc += image[p] * (p % Dataset.COLS);
        }
        return sc / s;
    }
}
