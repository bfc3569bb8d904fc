package digits.data.render;

import digits.data.Dataset;
import digits.data.PenWidth;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * Renders a 28x28 MNIST digit as a phone photo or scan of a digit written on paper: the digit enlarged
 * {@value #SCALE} times onto a {@value #SIDE}-pixel sheet, pen-coloured ink over off-white textured paper, optionally
 * ruled or squared, lit unevenly (a brightness gradient, optionally a shadow), slightly rotated, blurred, with sensor
 * noise, and saved as a JPEG and decoded again. Deterministic: the same digit, style and seed give the same picture.
 */
public final class PhotoRenderer {
    /** Side of the rendered picture in pixels. */
    public static final int SIDE = 112;
    /** Enlargement of the 28x28 digit. */
    static final int SCALE = 3;

    /** What a rendered photo shows; {@link #BASE} is the plain photo every condition starts from. */
    public record Style(boolean shadow, Paper paper, Pen pen, Stroke stroke, double maxRotation) {
        public static final Style BASE = new Style(false, Paper.PLAIN, Pen.BLACK, Stroke.NORMAL, 0);
    }

    public enum Paper { PLAIN, RULED, SQUARED }

    /** Ink colours: a black pen, and blue, red and green ones. */
    public enum Pen {
        BLACK(35, 35, 40), BLUE(30, 50, 165), RED(175, 35, 40), GREEN(25, 115, 55);
        final int r, g, b;

        Pen(int r, int g, int b) {
            this.r = r;
            this.g = g;
            this.b = b;
        }
    }

    /** Stroke width: a fine pen (about half MNIST's relative width), MNIST's, or a marker (about double). */
    public enum Stroke { THIN, NORMAL, THICK }

    private PhotoRenderer() {}

    /** The photo of {@code pixels} (784 values in [0,1], light ink on dark) in {@code style}, drawn with {@code seed}. */
    public static BufferedImage render(float[] pixels, Style style, long seed) {
        Random random = new Random(seed);
        double angle = Math.toRadians(style.maxRotation() * (2 * random.nextDouble() - 1));
        double cx = SIDE / 2.0 + random.nextInt(13) - 6;
        double cy = SIDE / 2.0 + random.nextInt(13) - 6;
        float[] ink = inkMap(pixels, angle, cx, cy);
        ink = switch (style.stroke()) {
            case THIN -> thin(ink);
            case THICK -> PenWidth.grow(ink, SIDE, SIDE, 3);
            case NORMAL -> ink;
        };
        Paper paper = style.paper();
        double spacing = 16 + random.nextInt(9);
        double phase = random.nextDouble() * spacing;
        float[] texture = texture(random);
        double[] light = lighting(random, style.shadow());
        float paperR = 236 + random.nextInt(14), paperG = 232 + random.nextInt(14), paperB = 218 + random.nextInt(20);
        double opacity = 0.85 + 0.15 * random.nextDouble();
        double cos = Math.cos(angle), sin = Math.sin(angle);
        float[][] rgb = new float[3][SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int i = y * SIDE + x;
                float pr = paperR, pg = paperG, pb = paperB;
                double along = cos * (y - cy) - sin * (x - cx); // distance across horizontal lines on the turned sheet
                double across = cos * (x - cx) + sin * (y - cy);
                double lineInk = Math.max(paper != Paper.PLAIN ? lineProfile(along + phase, spacing) : 0,
                        paper == Paper.SQUARED ? lineProfile(across + phase, spacing) : 0);
                pr += (float) (lineInk * (150 - pr));
                pg += (float) (lineInk * (185 - pg));
                pb += (float) (lineInk * (225 - pb));
                double a = Math.min(1, ink[i] * opacity);
                double t = 1 + texture[i];
                double l = t * illumination(light, x, y);
                rgb[0][i] = (float) (l * (pr * (1 - a) + style.pen().r * a));
                rgb[1][i] = (float) (l * (pg * (1 - a) + style.pen().g * a));
                rgb[2][i] = (float) (l * (pb * (1 - a) + style.pen().b * a));
            }
        }
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int c = 0; c < 3; c++) rgb[c] = Strokes.blur(rgb[c], SIDE, SIDE);
        for (int i = 0; i < SIDE * SIDE; i++) {
            int r = channel(rgb[0][i] + 3 * random.nextGaussian());
            int g = channel(rgb[1][i] + 3 * random.nextGaussian());
            int b = channel(rgb[2][i] + 3 * random.nextGaussian());
            image.setRGB(i % SIDE, i / SIDE, (r << 16) | (g << 8) | b);
        }
        return jpeg(image, 0.55f + 0.3f * random.nextFloat());
    }

    /** The digit enlarged, turned by {@code angle} and centred at (cx, cy) on the sheet: ink strength in [0,1]. */
    private static float[] inkMap(float[] pixels, double angle, double cx, double cy) {
        float[] ink = new float[SIDE * SIDE];
        double cos = Math.cos(angle), sin = Math.sin(angle);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double dx = (x - cx) / SCALE, dy = (y - cy) / SCALE;
                double u = cos * dx + sin * dy + Dataset.COLS / 2.0 - 0.5;
                double v = -sin * dx + cos * dy + Dataset.ROWS / 2.0 - 0.5;
                ink[y * SIDE + x] = Bilinear.sample(pixels, Dataset.COLS, Dataset.ROWS, u, v);
            }
        }
        return ink;
    }

    /** A fine pen: only the core of each stroke, at full strength. */
    private static float[] thin(float[] ink) {
        float[] out = PenWidth.shrink(ink, SIDE, SIDE, 2);
        for (int i = 0; i < out.length; i++) out[i] = Math.min(1f, out[i] * 1.3f);
        return out;
    }

    /** A printed line about 1.5 pixels wide, every {@code spacing} pixels: 0 off the line, up to 0.8 on it. */
    private static double lineProfile(double position, double spacing) {
        double d = Math.abs(position - spacing * Math.round(position / spacing));
        return 0.8 * Math.max(0, Math.min(1, 1.5 - d));
    }

    /** Paper grain: smooth blotches (a coarse random grid, interpolated) of about ±4% brightness. */
    private static float[] texture(Random random) {
        int grid = 8;
        float[] coarse = new float[grid * grid];
        for (int i = 0; i < coarse.length; i++) coarse[i] = (float) (0.04 * random.nextGaussian());
        float[] out = new float[SIDE * SIDE];
        double step = (grid - 1.0) / (SIDE - 1);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) out[y * SIDE + x] = Bilinear.sample(coarse, grid, grid, x * step, y * step);
        }
        return out;
    }

    /**
     * A brightness gradient (the far side 25-55% darker, in a random direction) and, with a shadow, a half-plane
     * darkened by a further 30-50% behind a soft edge: {direction x, y, depth, shadow x, y, offset, depth}.
     */
    private static double[] lighting(Random random, boolean shadow) {
        double a = random.nextDouble() * 2 * Math.PI;
        double b = random.nextDouble() * 2 * Math.PI;
        return new double[]{Math.cos(a), Math.sin(a), 0.25 + 0.3 * random.nextDouble(),
                Math.cos(b), Math.sin(b), (random.nextDouble() - 0.5) * SIDE * 0.5,
                shadow ? 0.3 + 0.2 * random.nextDouble() : 0};
    }

    private static double illumination(double[] light, int x, int y) {
        double u = ((x - SIDE / 2.0) * light[0] + (y - SIDE / 2.0) * light[1]) / SIDE + 0.5; // 0..1 across the sheet
        double gradient = 1 - light[2] * Math.max(0, Math.min(1, u));
        double s = (x - SIDE / 2.0) * light[3] + (y - SIDE / 2.0) * light[4] - light[5];
        double shadow = 1 - light[6] / (1 + Math.exp(-s / 4));
        return gradient * shadow;
    }

    private static int channel(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }

    /** Saves as a JPEG of the given quality and decodes it again: the artefacts of a phone photo. */
    static BufferedImage jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }
}
