package digits.report;

import digits.data.Dataset;
import digits.testdata.MnistSample;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static digits.report.PictureChecks.assertPicture;
import static digits.report.PictureChecks.pixelsOfColour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelChartsTest {
    static final int[] COUNTS = MnistSample.train(6000).labelCounts();

    @Test
    void barChartOfRealLabelCounts() {
        BufferedImage image = LabelCharts.bars(COUNTS, "MNIST training labels");
        assertPicture(image, "label-bars", 800, 500, 0.03);
        // the bars are drawn in the chart's blue: ten bars of real height cover a good part of the plot
        assertThat(pixelsOfColour(image, Style.BLUE, 10)).isGreaterThan(800 * 500 / 10);
    }

    @Test
    void barHeightsFollowTheCounts() {
        int[] skewed = {100, 10, 10, 10, 10, 10, 10, 10, 10, 10};
        BufferedImage image = LabelCharts.bars(skewed, "skewed");
        int tallest = 0;
        int others = 0;
        // count blue pixels per column band: the bar of 0 is ten times as tall as the rest
        for (int x = 0; x < image.getWidth(); x++) {
            int blue = 0;
            for (int y = 0; y < image.getHeight(); y++) if (image.getRGB(x, y) == Style.BLUE.getRGB()) blue++;
            if (blue > tallest) tallest = blue;
            if (blue > 0 && blue < tallest / 2) others = Math.max(others, blue);
        }
        assertThat(tallest).isGreaterThan(8 * others);
    }

    @Test
    void pieChartOfRealLabelCounts() {
        BufferedImage image = LabelCharts.pie(COUNTS, "MNIST training labels");
        assertPicture(image, "label-pie", 560, 560, 0.15);
        // every digit's colour appears (each slice is roughly a tenth of the pie)
        for (int k = 0; k < Dataset.CLASSES; k++) {
            assertThat(pixelsOfColour(image, Style.TEN[k], 6)).as("slice " + k).isGreaterThan(2000);
        }
    }

    @Test
    void rejectsCountsThatAreNotTenDigits() {
        assertThatThrownBy(() -> LabelCharts.bars(new int[9], "x")).hasMessage("expected 10 label counts, got 9");
        assertThatThrownBy(() -> LabelCharts.pie(new int[10], "x")).hasMessage("no labelled images to chart");
    }
}
