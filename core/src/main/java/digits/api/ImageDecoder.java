package digits.api;

import digits.data.InvalidInputException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes untrusted PNG/JPEG/BMP/GIF data without letting it exhaust memory: the size in the header is checked
 * before any pixel is decoded, and very large images are decoded subsampled.
 */
final class ImageDecoder {
    /** Formats the tool promises to read; other ImageIO plugins (TIFF, WBMP) are refused to keep the attack surface small. */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    /**
     * Images above this many pixels are decoded with subsampling (every k-th pixel), which bounds memory per image to a
     * few megabytes. The digit ends up 20 pixels tall, so detail finer than 1/100 of the image cannot matter.
     */
    static final long DECODE_BUDGET_PIXELS = 4_000_000L;

    private ImageDecoder() {}

    static BufferedImage decode(ImageInputStream input, String name, long maxPixels) {
        if (input == null) throw unreadable(name, null);
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) throw unreadable(name, null);
        ImageReader reader = readers.next();
        try {
            if (!FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) throw unreadable(name, null);
            reader.setInput(input, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) throw unreadable(name, null);
            long pixels = (long) width * height;
            if (pixels > maxPixels) {
                throw new InvalidInputException(String.format(Locale.ROOT,
                        "%s: the image is %dx%d pixels (%.1f megapixels), more than the limit of %.1f megapixels",
                        name, width, height, pixels / 1e6, maxPixels / 1e6));
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(pixels);
            if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
            BufferedImage image = reader.read(0, param);
            if (image == null) throw unreadable(name, null);
            return image;
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders report corrupt data with all kinds of exceptions (IIOException, IndexOutOfBounds, ...).
            throw unreadable(name, e);
        } finally {
            reader.dispose();
        }
    }

    /** The smallest step k such that decoding every k-th pixel in both directions stays within the budget. */
    static int subsampling(long pixels) {
        int step = 1;
        while (pixels > DECODE_BUDGET_PIXELS * step * step) step++;
        return step;
    }

    static InvalidInputException unreadable(String name, Throwable cause) {
        return new InvalidInputException(name + ": not a readable PNG/JPEG/BMP/GIF image", cause);
    }
}
