package digits.report;

import digits.eval.ConfusionMatrix;
import digits.testdata.RealResults;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import static digits.report.PictureChecks.assertPicture;
import static digits.report.PictureChecks.luminance;
import static org.assertj.core.api.Assertions.assertThat;

class ConfusionHeatmapTest {
    final ConfusionMatrix matrix = RealResults.EVALUATION.confusion();

    /** The fill colour of a cell, read near its corner, away from the count printed in the middle. */
    private static int fill(BufferedImage image, int row, int col) {
        Rectangle cell = ConfusionHeatmap.cell(row, col);
        return image.getRGB(cell.x + 4, cell.y + 4);
    }

    @Test
    void diagonalIsDarkerThanEveryOffDiagonalCell() {
        assertThat(matrix.accuracy()).as("nearest-class-mean accuracy").isBetween(0.7, 0.9);
        BufferedImage image = ConfusionHeatmap.render(matrix, "nearest class mean");
        assertPicture(image, "confusion-heatmap", 86 + 560 + 24 + 18 + 70, 76 + 560 + 70, 0.25);
        double darkestOffDiagonal = 255;
        double lightestDiagonal = 0;
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                double l = luminance(fill(image, r, c));
                if (r == c) lightestDiagonal = Math.max(lightestDiagonal, l);
                else darkestOffDiagonal = Math.min(darkestOffDiagonal, l);
            }
        }
        assertThat(lightestDiagonal).isLessThan(darkestOffDiagonal);
    }

    @Test
    void shadeGrowsWithTheCountAndEmptyCellsAreWhite() {
        BufferedImage image = ConfusionHeatmap.render(matrix, "nearest class mean");
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                if (matrix.count(r, c) == 0) assertThat(fill(image, r, c) & 0xFFFFFF).isEqualTo(0xFFFFFF);
                for (int c2 = 0; c2 < 10; c2++) {
                    if (matrix.count(r, c) > matrix.count(r, c2)) {
                        assertThat(luminance(fill(image, r, c))).isLessThan(luminance(fill(image, r, c2)));
                    }
                }
            }
        }
    }

    @Test
    void countsArePrintedInTheCells() {
        BufferedImage image = ConfusionHeatmap.render(matrix, "nearest class mean");
        // a cell holding a number has pixels of a different colour from its fill (the text)
        for (int r = 0; r < 10; r++) {
            Rectangle cell = ConfusionHeatmap.cell(r, r);
            int background = fill(image, r, r);
            int text = 0;
            for (int y = cell.y + 15; y < cell.y + cell.height - 15; y++) {
                for (int x = cell.x + 8; x < cell.x + cell.width - 8; x++) if (image.getRGB(x, y) != background) text++;
            }
            assertThat(text).as("digits printed in cell " + r).isGreaterThan(40);
        }
    }
}
