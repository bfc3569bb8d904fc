package digits.report;

import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The look shared by every picture: fonts large enough to read when the PNG is shown at its own size,
 * one palette, white backgrounds. Loading this class switches AWT to headless mode, so pictures render on
 * servers and in CI without a display; every renderer touches it before creating an image.
 */
final class Style {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    static final Color BACKGROUND = Color.WHITE;
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x66, 0x66, 0x66);
    static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    static final Color BLUE = new Color(0x1F, 0x77, 0xB4);
    static final Color ORANGE = new Color(0xFF, 0x7F, 0x0E);
    static final Color GREEN = new Color(0x2C, 0xA0, 0x2C);
    static final Color RED = new Color(0xD6, 0x27, 0x28);
    /** matplotlib's "tab10", the colours people already associate with the ten digits in MNIST plots. */
    static final Color[] TEN = {
            BLUE, ORANGE, GREEN, RED, new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
            new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22), new Color(0x17, 0xBE, 0xCF),
    };

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 16);

    private Style() {}

    /** Does nothing but make sure the class (and so headless mode) is initialised; public renderers call it first. */
    static void headless() {}

    /** A white RGB canvas with anti-aliased text and shapes; the caller disposes the graphics. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    /** Applies the shared fonts and colours to an XChart chart. */
    static void apply(Chart<?, ?> chart) {
        Styler s = chart.getStyler();
        s.setChartBackgroundColor(BACKGROUND);
        s.setChartFontColor(TEXT);
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setLegendFont(SMALL);
        s.setLegendBorderColor(GRID);
        s.setPlotBackgroundColor(BACKGROUND);
        s.setPlotBorderColor(GRID);
        s.setChartPadding(14);
        s.setAntiAlias(true);
        if (s instanceof AxesChartStyler a) {
            a.setAxisTitleFont(LABEL);
            a.setAxisTickLabelsFont(SMALL);
            a.setAxisTickLabelsColor(TEXT);
            a.setPlotGridLinesColor(GRID);
        }
    }

    /** Draws {@code text} centred horizontally on {@code cx} with its baseline at {@code baseline}. */
    static void centred(Graphics2D g, String text, double cx, double baseline) {
        float width = (float) g.getFontMetrics().getStringBounds(text, g).getWidth();
        g.drawString(text, (float) (cx - width / 2), (float) baseline);
    }
}
