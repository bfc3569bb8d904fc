package digits.report;

import digits.testdata.RealResults;
import digits.train.EpochStats;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;

import static digits.report.PictureChecks.assertPicture;
import static digits.report.PictureChecks.pixelsOfColour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingChartsTest {
    static final List<EpochStats> HISTORY = RealResults.HISTORY;

    @Test
    void historyIsRealTraining() {
        assertThat(HISTORY).hasSize(6);
        assertThat(HISTORY.get(5).loss()).isLessThan(HISTORY.get(0).loss());
        assertThat(HISTORY.get(5).valAccuracy()).isGreaterThan(0.8);
        assertThat(HISTORY.get(2).learningRate()).isEqualTo(HISTORY.get(0).learningRate() / 2);
    }

    @Test
    void lossAndAccuracyShowTrainingAndValidationCurves() {
        BufferedImage loss = TrainingCharts.loss(HISTORY);
        BufferedImage accuracy = TrainingCharts.accuracy(HISTORY);
        assertPicture(loss, "history-loss", 720, 440, 0.03);
        assertPicture(accuracy, "history-accuracy", 720, 440, 0.03);
        for (BufferedImage image : List.of(loss, accuracy)) {
            assertThat(pixelsOfColour(image, Style.BLUE, 10)).as("training curve").isGreaterThan(500);
            assertThat(pixelsOfColour(image, Style.ORANGE, 10)).as("validation curve").isGreaterThan(500);
        }
        BufferedImage both = TrainingCharts.lossAndAccuracy(HISTORY);
        assertThat(both.getWidth()).isEqualTo(1440);
    }

    @Test
    void learningRateCurve() {
        BufferedImage image = TrainingCharts.learningRate(HISTORY);
        assertPicture(image, "history-learning-rate", 720, 440, 0.02);
        assertThat(pixelsOfColour(image, Style.GREEN, 10)).isGreaterThan(500);
    }

    @Test
    void withoutValidationOnlyTheTrainingCurveIsDrawn() {
        List<EpochStats> noValidation = HISTORY.stream()
                .map(e -> new EpochStats(e.epoch(), e.loss(), e.accuracy(), Double.NaN, Double.NaN, e.learningRate(), e.seconds()))
                .toList();
        BufferedImage image = TrainingCharts.loss(noValidation);
        assertThat(pixelsOfColour(image, Style.BLUE, 10)).isGreaterThan(500);
        assertThat(pixelsOfColour(image, Style.ORANGE, 10)).isZero();
    }

    @Test
    void singleEpochStillPlots() {
        BufferedImage image = TrainingCharts.accuracy(HISTORY.subList(0, 1));
        assertThat(pixelsOfColour(image, Style.BLUE, 10)).isGreaterThan(20);
        assertThatThrownBy(() -> TrainingCharts.loss(List.of())).hasMessage("no epochs to plot");
    }
}
