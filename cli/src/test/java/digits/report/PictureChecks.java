package digits.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Measurements of rendered pictures, and a copy of each under target/ for a person to look at. */
final class PictureChecks {
    static final Path OUT = Path.of("target", "test-pictures");

    private PictureChecks() {}

    /** Pixels that differ from pure white. */
    static int inkPixels(BufferedImage image) {
        return inkPixels(image, 0, 0, image.getWidth(), image.getHeight());
    }

    static int inkPixels(BufferedImage image, int x0, int y0, int width, int height) {
        int count = 0;
        for (int y = y0; y < y0 + height; y++) {
            for (int x = x0; x < x0 + width; x++) if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) count++;
        }
        return count;
    }

    /** Pixels within {@code tolerance} (per channel) of {@code colour}. */
    static int pixelsOfColour(BufferedImage image, Color colour, int tolerance) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) <= tolerance && Math.abs(c.getGreen() - colour.getGreen()) <= tolerance
                        && Math.abs(c.getBlue() - colour.getBlue()) <= tolerance) count++;
            }
        }
        return count;
    }

    /** Perceived brightness 0 (black) to 255 (white). */
    static double luminance(int rgb) {
        Color c = new Color(rgb);
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }

    /** Asserts a picture has the size and enough drawn pixels, and keeps a copy to look at. */
    static void assertPicture(BufferedImage image, String name, int width, int height, double minInkFraction) {
        Pictures.save(image, OUT.resolve(name + ".png"));
        assertThat(image.getWidth()).as(name + " width").isEqualTo(width);
        assertThat(image.getHeight()).as(name + " height").isEqualTo(height);
        assertThat(inkPixels(image)).as(name + " drawn pixels").isGreaterThan((int) (minInkFraction * width * height));
    }
}
