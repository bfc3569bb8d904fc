package digits.report;

import digits.eval.ClassificationReport;
import digits.eval.Decimals;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The per-class precision / recall / F1 table as a picture, with a thin bar under each score
 * (as a spreadsheet's data bars) so the weakest digits stand out at a glance.
 */
public final class ReportTable {
    static {
        Style.headless();
    }

    static final Color BAR = new Color(0xC6, 0xDB, 0xEF);
    private static final String[] HEADERS = {"digit", "precision", "recall", "F1-score", "support"};
    private static final int ROW = 30;
    private static final int COLUMN = 120;
    private static final int FIRST_COLUMN = 140;
    private static final int MARGIN = 20;

    private ReportTable() {}

    public static BufferedImage render(ClassificationReport report, String title) {
        int classes = report.perClass().size();
        int rows = 1 + classes + 3;
        int width = 2 * MARGIN + FIRST_COLUMN + (HEADERS.length - 1) * COLUMN;
        int top = MARGIN + 36;
        int height = top + rows * ROW + 8 + MARGIN;
        BufferedImage image = Style.canvas(width, height);
        Graphics2D g = Style.graphics(image);
        g.setColor(Style.TEXT);
        g.setFont(Style.TITLE);
        Style.centred(g, title, width / 2.0, MARGIN + 18);

        g.setFont(Style.BOLD);
        for (int c = 0; c < HEADERS.length; c++) cellText(g, HEADERS[c], c, top, c > 0);
        g.setColor(Style.TEXT);
        g.drawLine(MARGIN, top + ROW - 2, width - MARGIN, top + ROW - 2);

        g.setFont(Style.LABEL);
        int y = top + ROW;
        for (int k = 0; k < classes; k++) {
            if (k % 2 == 1) {
                g.setColor(new Color(0xF4, 0xF6, 0xF8));
                g.fillRect(MARGIN, y, width - 2 * MARGIN, ROW);
            }
            metricsRow(g, String.valueOf(k), report.forClass(k), y);
            y += ROW;
        }
        g.setColor(Style.TEXT);
        g.drawLine(MARGIN, y + 3, width - MARGIN, y + 3);
        y += 8;
        g.setFont(Style.BOLD);
        cellText(g, "accuracy", 0, y, false);
        g.setFont(Style.LABEL);
        cellText(g, Decimals.fixed(report.accuracy(), 4), 3, y, true);
        cellText(g, String.valueOf(report.macroAverage().support()), 4, y, true);
        y += ROW;
        g.setFont(Style.BOLD);
        cellText(g, "macro avg", 0, y, false);
        g.setFont(Style.LABEL);
        metricsRow(g, null, report.macroAverage(), y);
        y += ROW;
        g.setFont(Style.BOLD);
        cellText(g, "weighted avg", 0, y, false);
        g.setFont(Style.LABEL);
        metricsRow(g, null, report.weightedAverage(), y);
        g.dispose();
        return image;
    }

    private static void metricsRow(Graphics2D g, String heading, ClassificationReport.Metrics m, int y) {
        if (heading != null) cellText(g, heading, 0, y, false);
        double[] values = {m.precision(), m.recall(), m.f1()};
        for (int i = 0; i < values.length; i++) {
            int x = columnX(i + 1) + 16;
            g.setColor(BAR);
            g.fillRect(x, y + ROW - 6, (int) Math.round((COLUMN - 28) * Math.max(0, Math.min(1, values[i]))), 4);
            cellText(g, Decimals.fixed(values[i], 4), i + 1, y, true);
        }
        cellText(g, String.valueOf(m.support()), 4, y, true);
    }

    private static int columnX(int column) {
        return column == 0 ? MARGIN : MARGIN + FIRST_COLUMN + (column - 1) * COLUMN;
    }

    /** Text in column {@code column} of the row starting at {@code y}, right-aligned for numbers. */
    private static void cellText(Graphics2D g, String text, int column, int y, boolean right) {
        FontMetrics fm = g.getFontMetrics();
        int x0 = columnX(column);
        int x = right ? x0 + (column == 0 ? FIRST_COLUMN : COLUMN) - 12 - fm.stringWidth(text) : x0 + 8;
        g.setColor(Style.TEXT);
        g.drawString(text, x, y + ROW / 2 + fm.getAscent() / 2 - 2);
    }

}
