package digits.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

/**
 * One person's way of writing a digit, made from real MNIST digits by drawing the same extra stroke onto each one
 * (placed by the digit's own ink), so that a model trained on MNIST misreads it: what a person's corrections on the
 * drawing page teach a model ({@code digits finetune}, {@code digits bench --only personal}). The default model reads
 * 27.8% of the first 500 MNIST test 4s closed this way as 4 (and 67.8% as 9); docs/personal.md.
 */
public enum HandwritingStyle {
    /** A 4 whose top is closed: a line from the top of its left arm to the top of its stem, as many people write it. */
    CLOSED_FOUR(4) {
        @Override
        void draw(Graphics2D g, Ink ink) {
            double[] left = ink.topIn(true), right = ink.topIn(false);
            g.draw(new Line2D.Double(left[0], left[1], right[0], right[1]));
        }
    };

    private final int digit;

    HandwritingStyle(int digit) {
        this.digit = digit;
    }

    /** The digit this style is a way of writing. */
    public int digit() {
        return digit;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The style with this {@link #label()}, refused with the known labels otherwise. */
    public static HandwritingStyle parse(String label) {
        for (HandwritingStyle s : values()) {
            if (s.label().equals(label)) return s;
        }
        throw new IllegalArgumentException("unknown handwriting style '" + label + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(HandwritingStyle::label).toList()));
    }

    abstract void draw(Graphics2D g, Ink ink);

    /**
     * Every image of {@code data} labelled {@link #digit()}, in order, with the style's strokes drawn on (at most
     * {@code max}); the labels stay the true digit.
     */
    public Dataset apply(Dataset data, int max) {
        int[] picked = java.util.stream.IntStream.range(0, data.size()).filter(i -> data.label(i) == digit)
                .limit(max).toArray();
        float[] pixels = new float[picked.length * Dataset.PIXELS];
        int[] labels = new int[picked.length];
        for (int k = 0; k < picked.length; k++) {
            float[] styled = apply(data.image(picked[k]));
            System.arraycopy(styled, 0, pixels, k * Dataset.PIXELS, Dataset.PIXELS);
            labels[k] = digit;
        }
        return new Dataset(data.name() + " (" + label() + ")", pixels, labels);
    }

    /** One 28x28 image (784 values in [0,1], light ink on dark) with the strokes drawn on, as a new array. */
    public float[] apply(float[] image) {
        Ink ink = Ink.of(image);
        float[] out = image.clone();
        if (ink == null) return out;
        BufferedImage strokes = new BufferedImage(Dataset.COLS, Dataset.ROWS, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = strokes.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(ink.strokeWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        draw(g, ink);
        g.dispose();
        for (int i = 0; i < out.length; i++) {
            float added = strokes.getRaster().getSample(i % Dataset.COLS, i / Dataset.COLS, 0) / 255f;
            out[i] = Math.max(out[i], added);
        }
        return out;
    }

    /** Where a digit's ink is: its box and its stroke width. */
    static final class Ink {
        final double top, left, right;
        final float strokeWidth;
        private final float[] image;

        private Ink(float[] image, double top, double left, double right, float strokeWidth) {
            this.image = image;
            this.top = top;
            this.left = left;
            this.right = right;
            this.strokeWidth = strokeWidth;
        }

        static Ink of(float[] image) {
            int top = -1, bottom = -1, left = Dataset.COLS, right = -1;
            double mass = 0;
            for (int y = 0; y < Dataset.ROWS; y++) {
                for (int x = 0; x < Dataset.COLS; x++) {
                    float v = image[y * Dataset.COLS + x];
                    mass += v;
                    if (v < 0.5f) continue;
                    if (top < 0) top = y;
                    bottom = y;
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
            if (top < 0) return null;
            // Ink area over stroke length (about twice the box's height for a 4) estimates the pen's width.
            float width = (float) Math.max(1.5, Math.min(3.5, mass / Math.max(1, bottom - top + 1) / 1.6));
            return new Ink(image, top + 0.5, left + 0.5, right + 0.5, width);
        }

        /** The highest inked pixel's centre {x, y} in the left ({@code leftHalf}) or right half of the ink's box. */
        double[] topIn(boolean leftHalf) {
            double mid = (left + right) / 2;
            for (int y = 0; y < Dataset.ROWS; y++) {
                for (int x = 0; x < Dataset.COLS; x++) {
                    if (image[y * Dataset.COLS + x] >= 0.5f && (x + 0.5 < mid) == leftHalf) return new double[] {x + 0.5, y + 0.5};
                }
            }
            return new double[] {mid, top};
        }
    }
}
