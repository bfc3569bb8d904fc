package digits.api;

import digits.data.InkBox;
import digits.data.InvalidInputException;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns a picture of one handwritten digit into the 784 floats an MNIST model expects, the way MNIST itself was made.
 *
 * <p>Accepts PNG, JPEG, BMP and GIF of any size, dark ink on a light background or light ink on a dark one, and
 * images with transparency (transparent pixels are background). The steps:
 * <ol>
 *   <li>grayscale (Rec. 601 luma; gray images are read from their raw samples, without a gamma conversion);</li>
 *   <li>polarity: the background level is the median of the border pixels; a light background is inverted so the
 *       ink is light on dark, as in MNIST;</li>
 *   <li>contrast: the background becomes 0 and the strongest ink 1 (photos of paper are never pure white);</li>
 *   <li>crop to the bounding box of the pixels above {@value #INK_THRESHOLD};</li>
 *   <li>scale the longest side to 20 pixels, keeping the aspect ratio, by area averaging (anti-aliased);</li>
 *   <li>place in a 28x28 field with the centre of mass at pixel (14, 14), the convention of MNIST (whose mean centre
 *       of mass is (14.0, 14.0) in row/column indices). The shift is limited so no ink falls outside the field.</li>
 * </ol>
 *
 * <p>Photos and scans of paper (uneven light, texture, ruled lines, any pen) are first cleaned by {@link PhotoCleanup}
 * instead of steps 2-3, when the {@link Preprocessing} mode says so: always ({@code PHOTO}), never ({@code MNIST}), or when
 * the picture's background is not uniform ({@code AUTO}, the default).
 *
 * <p>The result is row-major, 784 values in [0,1], light ink on black. Bad input throws
 * {@link InvalidInputException} with one line naming the file: not a readable image, an image whose header claims more
 * than {@link #maxPixels()} pixels (checked before decoding, against decompression bombs), or a blank image.
 * Instances are immutable and safe for concurrent use.
 */
public final class ImagePreprocessor {
    /** Default limit on the pixel count an image header may claim: 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** Side of the output image. */
    public static final int SIZE = 28;
    /** Longest side of the digit inside the output, as in MNIST. */
    public static final int BOX = 20;
    /** Ink level (after contrast normalisation) that counts when finding the digit's bounding box. */
    public static final float INK_THRESHOLD = 0.2f;
    /** Smallest difference between background and ink, as a fraction of full scale, for an image not to be blank. */
    static final float MIN_CONTRAST = 0.1f;

    private final long maxPixels;
    private final Preprocessing mode;

    public ImagePreprocessor() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels images whose header claims more pixels than this are refused before decoding */
    public ImagePreprocessor(long maxPixels) {
        this(maxPixels, Preprocessing.DEFAULT);
    }

    /** @param mode whether pictures are cleaned as photos of paper first; see {@link Preprocessing} */
    public ImagePreprocessor(long maxPixels, Preprocessing mode) {
        if (maxPixels < 1) throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        this.maxPixels = maxPixels;
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /** The same limits with another {@link Preprocessing} mode. */
    public ImagePreprocessor withMode(Preprocessing mode) {
        return new ImagePreprocessor(maxPixels, mode);
    }

    public Preprocessing mode() {
        return mode;
    }

    /** Whether {@link Preprocessing#AUTO} treats this picture as a photo of paper (its background is not uniform). */
    public static boolean looksLikePhoto(BufferedImage image) {
        return PhotoCleanup.looksLikePhoto(grayscale(image, "image"), image.getWidth(), image.getHeight());
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Reads and preprocesses an image file; errors name the file. */
    public float[] preprocess(Path file) {
        return preprocess(decode(file), file.toString());
    }

    /** Decodes an image file within the pixel limit; errors name the file. */
    BufferedImage decode(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(name + (Files.exists(file) ? ": not a regular file (a picture is read from a file, "
                    + "not a folder, device or pipe)" : ": no such file"));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            return ImageDecoder.decode(in, name, maxPixels);
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Preprocesses an encoded image held in memory.
     *
     * @param name what to call the image in error messages (a file name, "request body")
     */
    public float[] preprocess(byte[] encoded, String name) {
        return preprocess(decode(encoded, name), name);
    }

    /** Decodes an encoded image held in memory within the pixel limit; errors call it {@code name}. */
    BufferedImage decode(byte[] encoded, String name) {
        // MemoryCacheImageInputStream: no temporary files, whatever ImageIO.getUseCache() says.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            return ImageDecoder.decode(in, name, maxPixels);
        } catch (IOException e) {
            throw ImageDecoder.unreadable(name, e);
        }
    }

    /** Preprocesses a decoded image; errors call it "image". */
    public float[] preprocess(BufferedImage image) {
        return preprocess(image, "image");
    }

    /** Preprocesses a decoded image; errors call it {@code name}. */
    public float[] preprocess(BufferedImage image, String name) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] gray = grayscale(image, name);
        if (mode == Preprocessing.PHOTO || (mode == Preprocessing.AUTO && PhotoCleanup.looksLikePhoto(gray, width, height))) {
            PhotoCleanup.InkMap clean = PhotoCleanup.clean(gray, width, height);
            float[] digit = normalise(clean.ink(), clean.width(), clean.height());
            if (digit != null) return digit;
            if (mode == Preprocessing.PHOTO) throw blank(name); // auto: a picture the cleanup finds no digit in gets the plain path
        }
        float[] digit = normalise(ink(gray, width, height, name), width, height);
        if (digit == null) throw blank(name);
        return digit;
    }

    /**
     * Steps 1-3: the picture's ink, light on dark, row-major; background 0 and the strongest ink 1. A picture without
     * enough contrast throws, naming it.
     */
    static float[] ink(BufferedImage image, String name) {
        return ink(grayscale(image, name), image.getWidth(), image.getHeight(), name);
    }

    private static float[] ink(float[] ink, int width, int height, String name) {
        float background = median(border(ink, width, height));
        if (background > 0.5f) {
            for (int i = 0; i < ink.length; i++) ink[i] = 1f - ink[i];
            background = 1f - background;
        }
        float peak = max(ink);
        if (peak - background < MIN_CONTRAST) throw blank(name);
        float range = peak - background;
        for (int i = 0; i < ink.length; i++) ink[i] = Math.max(0f, (ink[i] - background) / range);
        return ink;
    }

    /** Steps 4-6 on an ink map ({@code width x height}, light on dark): the 784 model inputs, or null when no ink. */
    static float[] normalise(float[] ink, int width, int height) {
        InkBox box = InkBox.of(ink, width, height, INK_THRESHOLD);
        if (box == null) return null;
        int boxW = box.width();
        int boxH = box.height();
        double scale = (double) BOX / Math.max(boxW, boxH);
        int digitW = Math.max(1, (int) Math.round(boxW * scale));
        int digitH = Math.max(1, (int) Math.round(boxH * scale));
        float[] digit = AreaResampler.resample(ink, width, box.x0(), box.y0(), boxW, boxH, digitW, digitH);
        normalisePeak(digit);
        return centre(digit, digitW, digitH);
    }

    /**
     * Steps 4-5 for a candidate as wide as two digits: cropped to its ink, scaled to fit {@value #SIZE} wide and
     * {@value #BOX} tall (each digit of a pair keeps more pixels than in the 20x20 box), its box centred; null when no ink.
     */
    static float[] normaliseWide(float[] ink, int width, int height) {
        InkBox box = InkBox.of(ink, width, height, INK_THRESHOLD);
        if (box == null) return null;
        double scale = Math.min((double) SIZE / box.width(), (double) BOX / box.height());
        int w = clamp((int) Math.round(box.width() * scale), 1, SIZE);
        int h = clamp((int) Math.round(box.height() * scale), 1, BOX);
        float[] pair = AreaResampler.resample(ink, width, box.x0(), box.y0(), box.width(), box.height(), w, h);
        normalisePeak(pair);
        float[] out = new float[SIZE * SIZE];
        int left = (SIZE - w) / 2, top = (SIZE - h) / 2;
        for (int y = 0; y < h; y++) System.arraycopy(pair, y * w, out, (top + y) * SIZE + left, w);
        return out;
    }

    /** Luminance in [0,1] per pixel, with transparency composited onto a background that contrasts with the ink. */
    static float[] grayscale(BufferedImage image, String name) {
        int width = image.getWidth();
        int height = image.getHeight();
        float[] luma = new float[width * height];
        float[] alpha = image.getColorModel().hasAlpha() ? new float[width * height] : null;
        if (isPlainGray(image.getColorModel(), image.getRaster())) {
            readGraySamples(image, luma, alpha);
        } else {
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int argb = row[x];
                    int i = y * width + x;
                    luma[i] = (0.299f * ((argb >> 16) & 0xff) + 0.587f * ((argb >> 8) & 0xff) + 0.114f * (argb & 0xff)) / 255f;
                    if (alpha != null) alpha[i] = (argb >>> 24) / 255f;
                }
            }
        }
        if (alpha != null) composite(luma, alpha, name);
        return luma;
    }

    /**
     * Gray images (8/16-bit gray PNGs) are read from their samples: {@code getRGB} would treat them as linear light and
     * brighten every mid-tone, thickening anti-aliased strokes.
     */
    private static boolean isPlainGray(ColorModel model, Raster raster) {
        int type = raster.getTransferType();
        return model instanceof ComponentColorModel
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !model.isAlphaPremultiplied()
                && (type == DataBuffer.TYPE_BYTE || type == DataBuffer.TYPE_USHORT);
    }

    private static void readGraySamples(BufferedImage image, float[] luma, float[] alpha) {
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        int width = image.getWidth();
        int height = image.getHeight();
        float grayMax = (1 << model.getComponentSize(0)) - 1;
        int alphaBand = model.getNumComponents() - 1;
        float alphaMax = (1 << model.getComponentSize(alphaBand)) - 1;
        int[] samples = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, samples);
            for (int x = 0; x < width; x++) luma[y * width + x] = samples[x] / grayMax;
            if (alpha != null) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, alphaBand, samples);
                for (int x = 0; x < width; x++) alpha[y * width + x] = samples[x] / alphaMax;
            }
        }
    }

    /**
     * Transparent pixels are background: composite onto white when the visible ink is dark, onto black when it is light,
     * so a black digit on a transparent canvas and a white one both come out as ink.
     */
    private static void composite(float[] luma, float[] alpha, String name) {
        double weight = 0;
        double tone = 0;
        for (int i = 0; i < luma.length; i++) {
            weight += alpha[i];
            tone += alpha[i] * luma[i];
        }
        if (weight == 0) throw blank(name);
        float background = tone / weight < 0.5 ? 1f : 0f;
        for (int i = 0; i < luma.length; i++) luma[i] = alpha[i] * luma[i] + (1 - alpha[i]) * background;
    }

    /** The outer ring of the image, about 2% of the shorter side thick (at least one pixel). */
    static float[] border(float[] image, int width, int height) {
        int ring = Math.max(1, Math.min(width, height) / 50);
        float[] values = new float[width * height];
        int n = 0;
        for (int y = 0; y < height; y++) {
            boolean edgeRow = y < ring || y >= height - ring;
            for (int x = 0; x < width; x++) {
                if (edgeRow || x < ring || x >= width - ring) values[n++] = image[y * width + x];
            }
        }
        return Arrays.copyOf(values, n);
    }

    static float median(float[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) m = Math.max(m, v);
        return m;
    }

    /**
     * MNIST strokes reach full intensity; thin strokes shrunk a lot would otherwise come out faint gray. Also keeps every
     * value within [0,1]: area averaging of full-intensity ink can round to a hair above 1.
     */
    private static void normalisePeak(float[] digit) {
        float peak = max(digit);
        if (peak > 0 && peak != 1) {
            for (int i = 0; i < digit.length; i++) digit[i] = Math.min(1f, digit[i] / peak);
        }
    }

    /** Places the digit in the 28x28 field with its centre of mass at (14, 14), shifting by whole pixels. */
    private static float[] centre(float[] digit, int digitW, int digitH) {
        double mass = 0, sumX = 0, sumY = 0;
        for (int y = 0; y < digitH; y++) {
            for (int x = 0; x < digitW; x++) {
                float v = digit[y * digitW + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }
        int left = clamp((int) Math.round(SIZE / 2.0 - sumX / mass), 0, SIZE - digitW);
        int top = clamp((int) Math.round(SIZE / 2.0 - sumY / mass), 0, SIZE - digitH);
        float[] out = new float[SIZE * SIZE];
        for (int y = 0; y < digitH; y++) {
            System.arraycopy(digit, y * digitW, out, (top + y) * SIZE + left, digitW);
        }
        return out;
    }

    private static int clamp(int value, int lo, int hi) {
        return Math.max(lo, Math.min(hi, value));
    }

    private static InvalidInputException blank(String name) {
        return new InvalidInputException(name + ": the image is blank (no digit found)");
    }
}
