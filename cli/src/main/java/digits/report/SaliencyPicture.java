package digits.report;

import digits.api.Explanation;
import digits.data.Dataset;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A digit with its {@link Explanation} drawn over it: red where the ink pushed the model towards its label, blue where
 * it pushed towards the runner-up (each map scaled to its own strongest value), and a caption naming both digits.
 */
public final class SaliencyPicture {
    static {
        Style.headless();
    }

    /** Pixels per MNIST pixel in {@link #draw(float[], Explanation)}. */
    public static final int SCALE = 8;
    static final int CAPTION = 20;
    private static final float OPACITY = 0.8f;

    private SaliencyPicture() {}

    /** The 28x28 digit ({@code pixels}, light ink on dark) as dark ink on white, the maps over it, a caption below. */
    public static BufferedImage draw(float[] pixels, Explanation explanation) {
        int side = Dataset.ROWS * SCALE;
        BufferedImage image = new BufferedImage(side, side + CAPTION, BufferedImage.TYPE_INT_RGB);
        float labelTop = strongest(explanation.labelMap());
        float runnerTop = strongest(explanation.runnerUpMap());
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int i = (y / SCALE) * Dataset.COLS + x / SCALE;
                float grey = 1f - 0.55f * Math.max(0f, Math.min(1f, pixels[i]));
                float red = OPACITY * share(explanation.labelMap()[i], labelTop);
                float blue = OPACITY * share(explanation.runnerUpMap()[i], runnerTop);
                float r = grey * (1 - red) * (1 - blue) + red * (1 - blue) * 0.85f;
                float g = grey * (1 - red) * (1 - blue) + red * (1 - blue) * 0.1f + blue * 0.25f;
                float b = grey * (1 - red) * (1 - blue) + red * (1 - blue) * 0.1f + blue * 0.9f;
                image.setRGB(x, y, rgb(r, g, b));
            }
        }
        Graphics2D g = Style.graphics(image);
        g.setColor(Color.WHITE);
        g.fillRect(0, side, side, CAPTION);
        g.setFont(Style.SMALL);
        g.setColor(new Color(190, 25, 25));
        String label = String.format(Locale.ROOT, "%d: %.1f%%", explanation.label(), 100 * explanation.prediction().confidence());
        g.drawString(label, 4, side + CAPTION - 5);
        g.setColor(new Color(35, 65, 200));
        String runner = String.format(Locale.ROOT, "runner-up %d: %.1f%%", explanation.runnerUp(),
                100 * explanation.prediction().probabilities()[explanation.runnerUp()]);
        g.drawString(runner, side - 4 - g.getFontMetrics().stringWidth(runner), side + CAPTION - 5);
        g.dispose();
        return image;
    }

    private static float strongest(float[] map) {
        float top = 0;
        for (float v : map) top = Math.max(top, v);
        return top;
    }

    /** The positive part of {@code value} as a fraction of the map's strongest value. */
    private static float share(float value, float top) {
        return top <= 0 ? 0f : Math.max(0f, Math.min(1f, value / top));
    }

    private static int rgb(float r, float g, float b) {
        return (channel(r) << 16) | (channel(g) << 8) | channel(b);
    }

    private static int channel(float v) {
        return Math.round(255 * Math.max(0f, Math.min(1f, v)));
    }
}
