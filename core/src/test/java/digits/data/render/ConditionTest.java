package digits.data.render;

import digits.data.Dataset;
import digits.testing.Mnist;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The renderings of real MNIST test digits are deterministic and are what they say. */
class ConditionTest {
    private final Mnist.Digits digits = Mnist.test(3);
    private final Dataset test = new Dataset("mnist-test", digits.pixels(), digits.labels());

    @Test
    void sameSeedSamePicture() {
        for (Condition c : Condition.values()) {
            BufferedImage a = c.picture(test, 2, 7);
            BufferedImage b = c.picture(test, 2, 7);
            assertThat(pixels(a)).as(c.key()).containsExactly(pixels(b));
            if (c.isPhoto()) {
                assertThat(a.getWidth()).isEqualTo(PhotoRenderer.SIDE);
                assertThat(pixels(c.picture(test, 2, 8))).as(c.key() + " another seed").isNotEqualTo(pixels(a));
            } else {
                assertThat(a.getWidth()).isEqualTo(28);
            }
        }
    }

    @Test
    void lowResolutionKeepsTheInkButLosesDetail() {
        float[] digit = test.image(0);
        assertThat(Condition.CLEAN.pixels(test, 0)).containsExactly(digit);
        double previousError = 0;
        for (Condition c : new Condition[]{Condition.LOW_RES_16, Condition.LOW_RES_12, Condition.LOW_RES_8}) {
            float[] low = c.pixels(test, 0);
            double sumLow = 0, sum = 0, error = 0;
            for (int i = 0; i < digit.length; i++) {
                assertThat(low[i]).isBetween(0f, 1f);
                sumLow += low[i];
                sum += digit[i];
                error += Math.abs(low[i] - digit[i]);
            }
            assertThat(sumLow).as(c.key() + " ink").isCloseTo(sum, org.assertj.core.data.Percentage.withPercentage(15));
            assertThat(error).as(c.key() + " detail lost").isGreaterThan(previousError);
            previousError = error;
        }
        assertThatThrownBy(() -> Condition.PHOTO.pixels(test, 0)).hasMessage("photo gives pictures, not pixels");
        assertThatThrownBy(() -> Condition.parse("fog")).hasMessageStartingWith("unknown condition 'fog': use clean, photo,");
    }

    @Test
    void photoPaperIsLightAndTheInkDark() {
        BufferedImage photo = Condition.PHOTO.picture(test, 0, 1);
        int dark = 0, light = 0;
        for (int rgb : pixels(photo)) {
            int luma = (299 * ((rgb >> 16) & 255) + 587 * ((rgb >> 8) & 255) + 114 * (rgb & 255)) / 1000;
            if (luma < 90) dark++;
            if (luma > 120) light++;
        }
        assertThat(light).isGreaterThan(photo.getWidth() * photo.getHeight() / 2);
        assertThat(dark).isBetween(100, photo.getWidth() * photo.getHeight() / 5);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
