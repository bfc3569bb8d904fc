package digits.data;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.Random;

/**
 * Pictures of handwritten numbers made from real MNIST <b>test</b> digits (never training digits, so a model trained on
 * MNIST is measured on writing it has not seen), for measuring number reading: each digit scaled (±15%), slanted
 * (shear up to ±0.2), its stroke thinned or thickened by a pixel, set on a drifting, jittered baseline, with random gaps that may
 * let neighbours' boxes overlap without their ink meeting. A {@link Kind#TOUCHING} number has one pair of neighbours
 * whose strokes run into each other.
 *
 * <p>Made from training digits instead ({@link #fromMnistTraining}), the same writing trains models for reading numbers.
 *
 * <p>Deterministic: the same part, seed, length and kind give the same picture. Digits come from one part of the test
 * set only, so parameters can be tuned on one part and measured on the other.
 */
public final class SyntheticNumbers {
    /** Which MNIST digits a generator draws from. */
    public enum Part {
        /** Test digits 0-4999: for choosing the reader's parameters. */
        TUNING(0, 5000),
        /** Test digits 5000-9999: for the reported figures. */
        REPORTED(5000, 10000),
        /** Training digits 0-59999: for training models on generated writing (touching pairs), never for measuring. */
        TRAINING(0, 60000);

        public final int from;
        public final int to;

        Part(int from, int to) {
            this.from = from;
            this.to = to;
        }
    }

    /** Whether all neighbours stand apart or one pair touches. */
    public enum Kind { SEPARATED, TOUCHING }

    /**
     * One generated number: dark ink on white, the digits as a string, the MNIST test index of each digit and its box
     * ({x, y, width, height} in the picture), and for a touching number the index of the left digit of the touching pair
     * (-1 otherwise).
     */
    public record Number(BufferedImage image, String digits, int[] testIndices, int[][] boxes, int touchingPair) {}

    /** Ink above this level counts when keeping separated digits apart (their faint edges must not meet either). */
    static final float FAINT = 0.1f;
    /** Ink above this level in both digits at one pixel makes them touch. */
    static final float SOLID = 0.5f;
    /**
     * A touching pair's boxes overlap by at most this share of the narrower digit's width (plus a few pixels more
     * after the strokes meet): digits written into each other further than that are not what people write.
     */
    static final double MAX_OVERLAP = 0.3;
    /** Separated digits keep at least this many pixels between their inks. */
    static final int MIN_SEPARATION = 2;
    private static final int MARGIN = 6;

    private final Dataset digits;
    private final Part part;

    private SyntheticNumbers(Dataset digits, Part part) {
        this.digits = digits;
        this.part = part;
    }

    /** A generator over one part of the MNIST test set in {@code data/mnist} (checked by SHA-256 on load). */
    public static SyntheticNumbers fromMnistTest(Part part) {
        if (part == Part.TRAINING) throw new IllegalArgumentException("the training part is made from training digits: fromMnistTraining()");
        return new SyntheticNumbers(MnistFiles.test(), part);
    }

    /**
     * A generator over the MNIST training set in {@code data/mnist}: the same writing as the test numbers, for training
     * models on it ({@link Number#testIndices} are then training indices).
     */
    public static SyntheticNumbers fromMnistTraining() {
        return new SyntheticNumbers(MnistFiles.train(), Part.TRAINING);
    }

    public Part part() {
        return part;
    }

    /** The number for this seed, length (1 or more digits) and kind (a touching number has at least 2 digits). */
    public Number generate(long seed, int length, Kind kind) {
        if (length < 1) throw new IllegalArgumentException("a number has at least one digit, got " + length);
        if (kind == Kind.TOUCHING && length < 2) throw new IllegalArgumentException("a touching pair needs at least 2 digits");
        Random random = new Random(seed * 1_000_003L + length * 31L + kind.ordinal());
        for (int attempt = 0; ; attempt++) {
            Number number = attempt(random, length, kind);
            if (number != null) return number;
            if (attempt > 1000) throw new IllegalStateException("no layout with a touching pair found for seed " + seed);
        }
    }

    private Number attempt(Random random, int length, Kind kind) {
        double scale = 1.2 + random.nextDouble();              // a digit 24-44 pixels tall
        double digitHeight = 20 * scale;
        double drift = (random.nextDouble() - 0.5) * 0.08 * digitHeight; // baseline slope per digit
        int touching = kind == Kind.TOUCHING ? random.nextInt(length - 1) : -1;
        int[] indices = new int[length];
        Glyph[] glyphs = new Glyph[length];
        for (int i = 0; i < length; i++) {
            indices[i] = part.from + random.nextInt(part.to - part.from);
            glyphs[i] = Glyph.render(digits.image(indices[i]), scale * (0.85 + 0.3 * random.nextDouble()),
                    (random.nextDouble() - 0.5) * 0.4, random.nextInt(3) - 1);
        }
        int canvasW = 2 * MARGIN;
        int canvasH = 2 * MARGIN;
        for (Glyph g : glyphs) {
            canvasW += g.width + (int) (0.4 * digitHeight) + 2 * MIN_SEPARATION + 2;
            canvasH = Math.max(canvasH, g.height);
        }
        int verticalRoom = (int) Math.ceil(Math.abs(drift) * length + 0.2 * digitHeight) + 2;
        canvasH += 2 * verticalRoom + 2 * MARGIN;
        Canvas canvas = new Canvas(canvasW, canvasH);
        int baseline = MARGIN + verticalRoom + Arrays.stream(glyphs).mapToInt(g -> g.height).max().orElseThrow();
        int[][] boxes = new int[length][];
        int right = MARGIN;
        for (int i = 0; i < length; i++) {
            Glyph g = glyphs[i];
            int y = baseline - g.height + (int) Math.round(drift * i + (random.nextDouble() - 0.5) * 0.16 * digitHeight);
            int x;
            if (touching >= 0 && i == touching + 1) {
                int reach = (int) Math.ceil(MAX_OVERLAP * Math.min(g.width, glyphs[i - 1].width));
                x = canvas.touchingPosition(g, y, right, reach, i - 1, (int) Math.round(random.nextDouble() * 0.06 * digitHeight));
                if (x < 0) return null;
            } else {
                int gap = (int) Math.round((random.nextDouble() * 0.45 - 0.1) * digitHeight);
                x = Math.max(MARGIN, right + 1 + gap);
                while (canvas.nearestInk(g, x, y, -1) < MIN_SEPARATION) x++;
            }
            canvas.place(g, x, y, i);
            boxes[i] = new int[]{x, y, g.width, g.height};
            right = Math.max(right, x + g.width);
        }
        StringBuilder labels = new StringBuilder();
        for (int index : indices) labels.append(digits.label(index));
        return canvas.picture(labels.toString(), indices, boxes, touching);
    }

    /** One digit as drawn: ink in [0,1], cropped to its ink. */
    static final class Glyph {
        final float[] ink;
        final int width;
        final int height;

        private Glyph(float[] ink, int width, int height) {
            this.ink = ink;
            this.width = width;
            this.height = height;
        }

        /**
         * The 28x28 digit scaled by {@code scale}, sheared by {@code shear} (x moves by shear * rows from the middle) and
         * with its stroke grown ({@code thickness} > 0) or thinned (< 0) by that many pixels.
         */
        static Glyph render(float[] digit, double scale, double shear, int thickness) {
            int size = Dataset.ROWS;
            int w = (int) Math.ceil(size * scale + Math.abs(shear) * size * scale) + 4;
            int h = (int) Math.ceil(size * scale) + 4;
            float[] out = new float[w * h];
            double cx = w / 2.0, cy = h / 2.0;
            for (int v = 0; v < h; v++) {
                for (int u = 0; u < w; u++) {
                    double sy = (v - cy) / scale + size / 2.0 - 0.5;
                    double sx = (u - cx - shear * (v - cy)) / scale + size / 2.0 - 0.5;
                    out[v * w + u] = bilinear(digit, size, sx, sy);
                }
            }
            for (int t = 0; t < thickness; t++) out = PenWidth.grow(out, w, h, 1);
            for (int t = 0; t > thickness; t--) out = PenWidth.shrink(out, w, h, 1);
            return crop(out, w, h);
        }

        private static float bilinear(float[] img, int size, double x, double y) {
            int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
            double fx = x - x0, fy = y - y0;
            return (float) ((1 - fy) * ((1 - fx) * at(img, size, x0, y0) + fx * at(img, size, x0 + 1, y0))
                    + fy * ((1 - fx) * at(img, size, x0, y0 + 1) + fx * at(img, size, x0 + 1, y0 + 1)));
        }

        private static float at(float[] img, int size, int x, int y) {
            return x < 0 || y < 0 || x >= size || y >= size ? 0f : img[y * size + x];
        }

        private static Glyph crop(float[] img, int w, int h) {
            InkBox box = InkBox.of(img, w, h, FAINT);
            if (box == null) throw new IllegalStateException("a digit lost all its ink");
            int x0 = box.x0(), y0 = box.y0(), cw = box.width(), ch = box.height();
            float[] out = new float[cw * ch];
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    float v = img[(y + y0) * w + x + x0];
                    out[y * cw + x] = v > FAINT ? v : 0f;
                }
            }
            return new Glyph(out, cw, ch);
        }
    }

    /** The picture being composed: the darkest ink wins where digits overlap; {@link #owner} remembers whose ink it is. */
    private static final class Canvas {
        final int width;
        final int height;
        final float[] ink;
        final int[] owner;

        Canvas(int width, int height) {
            this.width = width;
            this.height = height;
            this.ink = new float[width * height];
            this.owner = new int[width * height];
            Arrays.fill(owner, -1);
        }

        void place(Glyph g, int x, int y, int index) {
            for (int v = 0; v < g.height; v++) {
                for (int u = 0; u < g.width; u++) {
                    float value = g.ink[v * g.width + u];
                    int p = (y + v) * width + x + u;
                    if (value > FAINT && value > ink[p]) {
                        ink[p] = value;
                        owner[p] = index;
                    }
                }
            }
        }

        /** The Chebyshev distance (capped at {@link #MIN_SEPARATION}) from the glyph at (x, y) to ink of other digits than {@code partner}. */
        int nearestInk(Glyph g, int x, int y, int partner) {
            int nearest = MIN_SEPARATION;
            for (int v = 0; v < g.height; v++) {
                for (int u = 0; u < g.width; u++) {
                    if (g.ink[v * g.width + u] <= FAINT) continue;
                    for (int dy = -MIN_SEPARATION + 1; dy < MIN_SEPARATION; dy++) {
                        for (int dx = -MIN_SEPARATION + 1; dx < MIN_SEPARATION; dx++) {
                            int cx = x + u + dx, cy = y + v + dy;
                            if (cx < 0 || cy < 0 || cx >= width || cy >= height) continue;
                            int o = owner[cx + cy * width];
                            if (o >= 0 && o != partner) nearest = Math.min(nearest, Math.max(Math.abs(dx), Math.abs(dy)));
                        }
                    }
                }
            }
            return nearest;
        }

        /** Whether the glyph at (x, y) and the partner's ink are both solid at some pixel. */
        boolean touches(Glyph g, int x, int y, int partner) {
            for (int v = 0; v < g.height; v++) {
                for (int u = 0; u < g.width; u++) {
                    int p = (y + v) * width + x + u;
                    if (g.ink[v * g.width + u] > SOLID && owner[p] == partner && ink[p] > SOLID) return true;
                }
            }
            return false;
        }

        /**
         * Slides the glyph left from just right of {@code right} until it touches the partner, then up to {@code overlap}
         * pixels further while it still touches and stays clear of every other digit; -1 when it does not touch within {@code reach}.
         */
        int touchingPosition(Glyph g, int y, int right, int reach, int partner, int overlap) {
            int x = right + 1;
            while (x >= Math.max(MARGIN, right - reach) && !touches(g, x, y, partner)) x--;
            if (x < Math.max(MARGIN, right - reach) || nearestInk(g, x, y, partner) < MIN_SEPARATION) return -1;
            for (int k = 0; k < overlap && x - 1 >= MARGIN && touches(g, x - 1, y, partner)
                    && nearestInk(g, x - 1, y, partner) >= MIN_SEPARATION; k++) x--;
            return x;
        }

        Number picture(String digits, int[] indices, int[][] boxes, int touching) {
            int x0 = width, y0 = height, x1 = -1, y1 = -1;
            for (int[] b : boxes) {
                x0 = Math.min(x0, b[0]);
                y0 = Math.min(y0, b[1]);
                x1 = Math.max(x1, b[0] + b[2] - 1);
                y1 = Math.max(y1, b[1] + b[3] - 1);
            }
            int left = Math.max(0, x0 - MARGIN), top = Math.max(0, y0 - MARGIN);
            int w = Math.min(width, x1 + MARGIN + 1) - left, h = Math.min(height, y1 + MARGIN + 1) - top;
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = image.getRaster();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.setSample(x, y, 0, Math.round(255 * (1 - ink[(y + top) * width + x + left])));
                }
            }
            for (int[] b : boxes) {
                b[0] -= left;
                b[1] -= top;
            }
            return new Number(image, digits, indices, boxes, touching);
        }
    }
}
