package digits.report;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.data.augment.AugmentOptions;
import digits.data.augment.Augmenter;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static digits.report.PictureChecks.assertPicture;
import static digits.report.PictureChecks.pixelsOfColour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentationPreviewTest {
    private static final Dataset TEST = MnistFiles.test();

    @Test
    void showsEachDigitThenItsVariantsInRows() {
        Augmenter augmenter = new Augmenter(AugmentOptions.DEFAULTS);
        BufferedImage image = AugmentationPreview.render(TEST, new int[] {0, 1, 2}, augmenter, 5, 1, "Augmentation");
        assertPicture(image, "augmentation-preview", image.getWidth(), image.getHeight(), 0.05);
        // 6 tiles of 112 px per row, 3 rows of digits plus captions
        assertThat(image.getWidth()).isBetween(6 * 112, 6 * 112 + 6 * 14 + 200);
        assertThat(image.getHeight()).isGreaterThan(3 * 112 + 40);
        assertThat(pixelsOfColour(image, Style.BLUE, 40)).as("blue captions of 15 variants").isGreaterThan(15 * 60);
        // the same seed draws the same picture; another seed other variants
        BufferedImage again = AugmentationPreview.render(TEST, new int[] {0, 1, 2}, augmenter, 5, 1, "Augmentation");
        BufferedImage other = AugmentationPreview.render(TEST, new int[] {0, 1, 2}, augmenter, 5, 2, "Augmentation");
        assertThat(Pictures.png(again)).isEqualTo(Pictures.png(image));
        assertThat(Pictures.png(other)).isNotEqualTo(Pictures.png(image));
    }

    @Test
    void refusesNoVariants() {
        assertThatThrownBy(() -> AugmentationPreview.render(TEST, new int[] {0}, new Augmenter(AugmentOptions.DEFAULTS), 0, 1, null))
                .hasMessage("variants must be >= 1, got 0");
    }
}
