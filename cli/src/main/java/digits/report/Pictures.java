package digits.report;

import digits.data.Dataset;
import digits.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** Saving, embedding and composing pictures, and drawing one digit. */
public final class Pictures {
    static {
        Style.headless();
    }

    private Pictures() {}

    /** Writes a PNG atomically (a reader never sees half a file). */
    public static void save(BufferedImage image, Path file) {
        AtomicFiles.write(file, out -> writePng(image, out));
    }

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writePng(image, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a PNG in memory", e); // no file involved: a fault of the tool
        }
        return bytes.toByteArray();
    }

    /** {@code data:image/png;base64,...}, for HTML that must not reference other files. */
    public static String dataUri(BufferedImage image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(image));
    }

    private static void writePng(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
    }

    /**
     * One 28x28 digit as dark ink on white paper, each pixel a {@code scale x scale} block (no smoothing, so
     * the real pixels stay visible). MNIST stores light ink on black; inverting reads better on a white page.
     */
    public static BufferedImage digit(float[] pixels, int scale) {
        return digit(pixels, 0, scale);
    }

    /** The digit whose 784 pixels start at {@code offset} in {@code pixels}. */
    static BufferedImage digit(float[] pixels, int offset, int scale) {
        if (scale < 1) throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        if (offset < 0 || offset + Dataset.PIXELS > pixels.length) {
            throw new IllegalArgumentException("expected " + Dataset.PIXELS + " pixels at " + offset + ", array has " + pixels.length);
        }
        BufferedImage image = new BufferedImage(Dataset.COLS * scale, Dataset.ROWS * scale, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < Dataset.ROWS; r++) {
            for (int c = 0; c < Dataset.COLS; c++) {
                float v = Math.max(0f, Math.min(1f, pixels[offset + r * Dataset.COLS + c]));
                int grey = Math.round(255 * (1 - v));
                int rgb = (grey << 16) | (grey << 8) | grey;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) image.setRGB(c * scale + dx, r * scale + dy, rgb);
                }
            }
        }
        return image;
    }

    /** Pictures placed left to right on a white canvas, top-aligned, with {@code gap} pixels between them. */
    public static BufferedImage sideBySide(List<BufferedImage> images, int gap) {
        int width = gap * Math.max(0, images.size() - 1);
        int height = 0;
        for (BufferedImage i : images) {
            width += i.getWidth();
            height = Math.max(height, i.getHeight());
        }
        BufferedImage out = Style.canvas(Math.max(1, width), Math.max(1, height));
        Graphics2D g = out.createGraphics();
        int x = 0;
        for (BufferedImage i : images) {
            g.drawImage(i, x, 0, null);
            x += i.getWidth() + gap;
        }
        g.dispose();
        return out;
    }

    static Color blend(Color from, Color to, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color(
                (int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * u),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * u),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * u));
    }
}
