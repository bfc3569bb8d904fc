package digits.report;

import digits.eval.ConfusionMatrix;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The confusion matrix as a heatmap with the count in every cell: rows are true labels, columns predictions.
 * Drawn with Java2D because XChart's heatmap cannot print counts in the cells.
 * Shade follows the square root of the count, so the few dozen errors in a cell still show next to
 * diagonal cells of a thousand; a colour bar gives the scale.
 */
public final class ConfusionHeatmap {
    static {
        Style.headless();
    }

    static final Color LIGHTEST = Color.WHITE;
    static final Color DARKEST = new Color(0x08, 0x30, 0x6B);
    private static final int CELL = 56;
    private static final int LEFT = 86;
    private static final int TOP = 76;
    private static final int BAR_GAP = 24;
    private static final int BAR_WIDTH = 18;

    private ConfusionHeatmap() {}

    public static BufferedImage render(ConfusionMatrix matrix, String title) {
        int n = matrix.classes();
        int grid = n * CELL;
        int width = LEFT + grid + BAR_GAP + BAR_WIDTH + 70;
        int height = TOP + grid + 70;
        BufferedImage image = Style.canvas(width, height);
        Graphics2D g = Style.graphics(image);

        g.setColor(Style.TEXT);
        g.setFont(Style.TITLE);
        Style.centred(g, title, LEFT + grid / 2.0, 30);
        g.setFont(Style.SMALL);
        g.setColor(Style.MUTED);
        Style.centred(g, String.format(Locale.ROOT, "%,d images, accuracy %.2f%%", matrix.total(), 100 * matrix.accuracy()),
                LEFT + grid / 2.0, 54);

        int max = Math.max(1, matrix.maxCount());
        Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                Rectangle cell = cell(r, c);
                double shade = shade(matrix.count(r, c), max);
                g.setColor(Pictures.blend(LIGHTEST, DARKEST, shade));
                g.fill(cell);
                g.setColor(Style.GRID);
                g.draw(cell);
                g.setColor(shade > 0.55 ? Color.WHITE : Style.TEXT);
                g.setFont(r == c ? countFont.deriveFont(Font.BOLD) : countFont);
                Style.centred(g, String.valueOf(matrix.count(r, c)), cell.getCenterX(), cell.getCenterY() + 5);
            }
        }
        g.setColor(Style.TEXT);
        g.setFont(Style.LABEL);
        for (int k = 0; k < n; k++) {
            Style.centred(g, String.valueOf(k), LEFT + k * CELL + CELL / 2.0, TOP + grid + 22);   // predicted, below
            Style.centred(g, String.valueOf(k), LEFT - 16, TOP + k * CELL + CELL / 2.0 + 6);      // true, left
        }
        g.setFont(Style.BOLD);
        Style.centred(g, "predicted label", LEFT + grid / 2.0, TOP + grid + 52);
        AffineTransform plain = g.getTransform();
        g.rotate(-Math.PI / 2);
        Style.centred(g, "true label", -(TOP + grid / 2.0), LEFT - 44);
        g.setTransform(plain);

        drawColourBar(g, LEFT + grid + BAR_GAP, TOP, grid, max);
        g.dispose();
        return image;
    }

    /** Where the cell of (true {@code row}, predicted {@code col}) is drawn. */
    static Rectangle cell(int row, int col) {
        return new Rectangle(LEFT + col * CELL, TOP + row * CELL, CELL, CELL);
    }

    /** 0 for an empty cell, 1 for the largest; square root so small error counts stay visible. */
    static double shade(int count, int max) {
        return Math.sqrt((double) count / max);
    }

    private static void drawColourBar(Graphics2D g, int x, int y, int height, int max) {
        for (int i = 0; i < height; i++) {
            // top of the bar is the largest count
            double count = max * Math.pow(1 - (double) i / (height - 1), 2);
            g.setColor(Pictures.blend(LIGHTEST, DARKEST, shade((int) Math.round(count), max)));
            g.drawLine(x, y + i, x + BAR_WIDTH, y + i);
        }
        g.setColor(Style.GRID);
        g.drawRect(x, y, BAR_WIDTH, height);
        g.setColor(Style.TEXT);
        g.setFont(Style.SMALL);
        for (int tick : ticks(max)) {
            int ty = y + (int) Math.round((1 - shade(tick, max)) * (height - 1));
            g.drawLine(x + BAR_WIDTH, ty, x + BAR_WIDTH + 4, ty);
            g.drawString(String.valueOf(tick), x + BAR_WIDTH + 7, ty + 5);
        }
    }

    /** Counts at a quarter, half and three quarters of the bar's height (squares, as the scale is a root). */
    private static int[] ticks(int max) {
        return java.util.stream.IntStream.of(0, max / 16, max / 4, 9 * max / 16, max).distinct().toArray();
    }
}
