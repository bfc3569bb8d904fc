package digits.report;

import digits.train.EpochStats;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Keras-style history plots: loss and accuracy per epoch (training vs validation), and the learning rate. */
public final class TrainingCharts {
    static {
        Style.headless();
    }

    private static final int WIDTH = 720;
    private static final int HEIGHT = 440;

    private TrainingCharts() {}

    public static BufferedImage loss(List<EpochStats> history) {
        XYChart chart = chart("Loss", "cross-entropy", history);
        addSeries(chart, "training", history, EpochStats::loss, Style.BLUE);
        addSeries(chart, "validation", history, EpochStats::valLoss, Style.ORANGE);
        chart.getStyler().setYAxisMin(0.0);
        return BitmapEncoder.getBufferedImage(chart);
    }

    public static BufferedImage accuracy(List<EpochStats> history) {
        XYChart chart = chart("Accuracy", "accuracy", history);
        addSeries(chart, "training", history, EpochStats::accuracy, Style.BLUE);
        addSeries(chart, "validation", history, EpochStats::valAccuracy, Style.ORANGE);
        chart.getStyler().setYAxisDecimalPattern("0.0%");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Learning rate per epoch, on a linear axis from 0: XChart's log axis labels only whole decades,
     * which leaves a typical schedule (0.1 down to 0.002) with one label.
     */
    public static BufferedImage learningRate(List<EpochStats> history) {
        XYChart chart = chart("Learning rate", "learning rate", history);
        addSeries(chart, "learning rate", history, EpochStats::learningRate, Style.GREEN);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0.######");
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Loss and accuracy side by side, the picture most people want after training. */
    public static BufferedImage lossAndAccuracy(List<EpochStats> history) {
        return Pictures.sideBySide(List.of(loss(history), accuracy(history)), 0);
    }

    private static XYChart chart(String title, String yTitle, List<EpochStats> history) {
        if (history.isEmpty()) throw new IllegalArgumentException("no epochs to plot");
        XYChart chart = new XYChart(WIDTH, HEIGHT);
        Style.apply(chart);
        chart.setTitle(title);
        chart.setXAxisTitle("epoch");
        chart.setYAxisTitle(yTitle);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setXAxisDecimalPattern("0");
        int first = history.get(0).epoch();
        int last = history.get(history.size() - 1).epoch();
        // one epoch would give XChart a zero-width axis; widen it so the single point sits in the middle
        chart.getStyler().setXAxisMin(first == last ? first - 1.0 : first);
        chart.getStyler().setXAxisMax(first == last ? last + 1.0 : last);
        chart.getStyler().setXAxisMaxLabelCount(Math.min(last - first + 1, 12) + 1);
        return chart;
    }

    /** Adds the finite values only: validation is NaN when training ran without a validation set. */
    private static void addSeries(XYChart chart, String name, List<EpochStats> history,
                                  ToDoubleFunction<EpochStats> value, Color colour) {
        double[] x = history.stream().filter(e -> Double.isFinite(value.applyAsDouble(e))).mapToDouble(EpochStats::epoch).toArray();
        double[] y = history.stream().mapToDouble(value).filter(Double::isFinite).toArray();
        if (x.length == 0) return;
        XYSeries series = chart.addSeries(name, x, y);
        series.setLineColor(colour);
        series.setMarkerColor(colour);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineWidth(2.5f);
    }
}
