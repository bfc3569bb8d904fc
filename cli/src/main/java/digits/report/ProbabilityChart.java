package digits.report;

import digits.api.Prediction;
import digits.data.Dataset;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One image next to the model's ten class probabilities, the predicted class highlighted. */
public final class ProbabilityChart {
    static {
        Style.headless();
    }

    private static final int DIGIT_SCALE = 8;
    private static final int HEIGHT = 360;

    private ProbabilityChart() {}

    /**
     * @param trueLabel the image's label when known, or -1; a wrong prediction is then drawn in red
     */
    public static BufferedImage render(float[] pixels, float[] probabilities, int trueLabel) {
        if (probabilities.length != Dataset.CLASSES) {
            throw new IllegalArgumentException("expected " + Dataset.CLASSES + " probabilities, got " + probabilities.length);
        }
        int predicted = Prediction.fromProbabilities(probabilities).label();
        boolean wrong = trueLabel >= 0 && trueLabel != predicted;
        Color highlight = wrong ? Style.RED : Style.GREEN;

        CategoryChart chart = new CategoryChart(560, HEIGHT);
        Style.apply(chart);
        chart.setTitle(String.format(Locale.ROOT, "predicted %d (%.1f%%)", predicted, 100.0 * probabilities[predicted])
                + (trueLabel >= 0 ? ", true " + trueLabel : ""));
        chart.setXAxisTitle("digit");
        chart.setYAxisTitle("probability");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setOverlapped(true); // the highlight series sits on top of the others' bar
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0%");
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        List<Number> others = new ArrayList<>();
        List<Number> chosen = new ArrayList<>();
        for (int k = 0; k < Dataset.CLASSES; k++) {
            others.add(k == predicted ? 0.0 : probabilities[k]);
            chosen.add(k == predicted ? probabilities[k] : 0.0);
        }
        CategorySeries rest = chart.addSeries("other classes", LabelCharts.digits(), others);
        rest.setFillColor(Style.BLUE);
        CategorySeries best = chart.addSeries("predicted", LabelCharts.digits(), chosen);
        best.setFillColor(highlight);
        BufferedImage bars = BitmapEncoder.getBufferedImage(chart);

        int size = Dataset.COLS * DIGIT_SCALE;
        BufferedImage digitPanel = Style.canvas(size + 40, HEIGHT);
        Graphics2D g = Style.graphics(digitPanel);
        int top = (HEIGHT - size) / 2;
        g.drawImage(Pictures.digit(pixels, DIGIT_SCALE), 20, top, null);
        g.setColor(Style.GRID);
        g.drawRect(19, top - 1, size + 1, size + 1);
        g.dispose();
        return Pictures.sideBySide(List.of(digitPanel, bars), 0);
    }
}
