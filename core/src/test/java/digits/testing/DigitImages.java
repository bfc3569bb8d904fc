package digits.testing;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns real MNIST digits into pictures a person might upload, and measures 28x28 results. */
public final class DigitImages {
    private DigitImages() {}

    /** The 28x28 digit as an 8-bit gray image, light ink on black (MNIST's own look). */
    public static BufferedImage mnistGray(float[] pixels) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 784; i++) image.getRaster().setSample(i % 28, i / 28, 0, Math.round(pixels[i] * 255));
        return image;
    }

    /**
     * The digit drawn {@code scale} times bigger (bicubic) at ({@code left}, {@code top}) on a {@code width x height}
     * RGB canvas; dark ink on white when {@code darkOnLight}, else light on black.
     */
    public static BufferedImage render(float[] pixels, int width, int height, int left, int top, int scale,
                                       boolean darkOnLight) {
        BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 784; i++) {
            int v = Math.round((darkOnLight ? 1 - pixels[i] : pixels[i]) * 255);
            small.setRGB(i % 28, i / 28, v << 16 | v << 8 | v);
        }
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(darkOnLight ? java.awt.Color.WHITE : java.awt.Color.BLACK);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(small, left, top, 28 * scale, 28 * scale, null);
        g.dispose();
        return canvas;
    }

    /**
     * Strokes drawn the way the web page draws them: white, {@code width} pixels wide with round caps and joins,
     * anti-aliased, on a black {@code size x size} canvas. Each stroke is a polyline of {x, y} points.
     */
    public static BufferedImage strokes(int size, float width, double[][]... strokes) {
        BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(0, 0, size, size);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.setStroke(new java.awt.BasicStroke(width, java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND));
        for (double[][] stroke : strokes) {
            java.awt.geom.Path2D path = new java.awt.geom.Path2D.Double();
            path.moveTo(stroke[0][0], stroke[0][1]);
            for (int i = 1; i < stroke.length; i++) path.lineTo(stroke[i][0], stroke[i][1]);
            g.draw(path);
        }
        g.dispose();
        return canvas;
    }

    /** Points on an ellipse around ({@code cx}, {@code cy}), starting at the top and going clockwise, closed. */
    public static double[][] ellipse(double cx, double cy, double rx, double ry, int points) {
        double[][] p = new double[points + 1][];
        for (int i = 0; i <= points; i++) {
            double a = 2 * Math.PI * i / points;
            p[i] = new double[]{cx + rx * Math.sin(a), cy - ry * Math.cos(a)};
        }
        return p;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) throw new IllegalStateException("no ImageIO writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Pearson correlation of two images. */
    public static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** Centre of mass {x, y} of a 28x28 image, in pixel indices. */
    public static double[] centreOfMass(float[] image) {
        double m = 0, x = 0, y = 0;
        for (int i = 0; i < 784; i++) {
            m += image[i];
            x += image[i] * (i % 28);
            y += image[i] * (i / 28);
        }
        return new double[]{x / m, y / m};
    }

    /** Width and height of the box holding the pixels above {@code threshold}. */
    public static int[] inkBox(float[] image, float threshold) {
        int minX = 28, minY = 28, maxX = -1, maxY = -1;
        for (int i = 0; i < 784; i++) {
            if (image[i] > threshold) {
                minX = Math.min(minX, i % 28);
                maxX = Math.max(maxX, i % 28);
                minY = Math.min(minY, i / 28);
                maxY = Math.max(maxY, i / 28);
            }
        }
        return new int[]{maxX - minX + 1, maxY - minY + 1};
    }
}
