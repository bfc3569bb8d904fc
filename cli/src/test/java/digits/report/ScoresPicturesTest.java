package digits.report;

import digits.eval.Probabilities;
import digits.testdata.RealResults;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static digits.report.PictureChecks.assertPicture;
import static digits.report.PictureChecks.pixelsOfColour;
import static org.assertj.core.api.Assertions.assertThat;

class ScoresPicturesTest {
    @Test
    void perClassTableHasABarPerScore() {
        BufferedImage image = ReportTable.render(RealResults.EVALUATION.report(), "Per-class scores");
        assertPicture(image, "per-class-table", 660, 56 + 14 * 30 + 8 + 20, 0.03);
        // 10 digits + 2 averages, three scores each of at least 0.5: bars of at least 46 x 4 pixels
        assertThat(pixelsOfColour(image, ReportTable.BAR, 0)).isGreaterThan(36 * 46 * 4);
    }

    @Test
    void probabilitiesNextToTheImage() {
        // a correctly classified real digit: highlighted in green; the most confident mistake: in red
        int right = 0;
        while (Probabilities.argmax(Probabilities.row(RealResults.PROBABILITIES, right))[0] != RealResults.TEST.label(right)) right++;
        BufferedImage ok = ProbabilityChart.render(RealResults.TEST.image(right),
                Probabilities.row(RealResults.PROBABILITIES, right), RealResults.TEST.label(right));
        assertPicture(ok, "probabilities-right", 28 * 8 + 40 + 560, 360, 0.05);
        assertThat(pixelsOfColour(ok, Style.GREEN, 0)).isGreaterThan(1000);
        assertThat(pixelsOfColour(ok, Style.RED, 0)).isZero();

        int wrong = RealResults.MISTAKES.get(0).index();
        BufferedImage bad = ProbabilityChart.render(RealResults.TEST.image(wrong),
                Probabilities.row(RealResults.PROBABILITIES, wrong), RealResults.TEST.label(wrong));
        assertPicture(bad, "probabilities-wrong", 28 * 8 + 40 + 560, 360, 0.05);
        assertThat(pixelsOfColour(bad, Style.RED, 0)).isGreaterThan(1000);
    }
}
