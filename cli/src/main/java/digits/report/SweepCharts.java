package digits.report;

import digits.train.Sweep;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A sweep's configurations side by side: accuracy (train, validation, test) and training time. */
public final class SweepCharts {
    static {
        Style.headless();
    }

    private static final int HEIGHT = 480;

    private SweepCharts() {}

    /**
     * Grouped bars per configuration, each labelled with its value. The axis starts at a round value below the
     * lowest accuracy, as in a notebook's plot: from 0, differences of a few tenths of a percent would not show.
     */
    public static BufferedImage accuracy(List<Sweep.Row> rows) {
        CategoryChart chart = chart("Accuracy per configuration", "accuracy", rows);
        double lowest = rows.stream().flatMapToDouble(r -> java.util.stream.DoubleStream.of(r.trainAccuracy(), r.valAccuracy(),
                r.testAccuracy())).filter(Double::isFinite).min().orElse(0);
        chart.getStyler().setYAxisMin(Math.max(0, Math.floor(lowest * 20 - 1) / 20));
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0%"); // XChart labels the bars with the axis pattern
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        addSeries(chart, "train", rows, Sweep.Row::trainAccuracy, Style.BLUE);
        addSeries(chart, "validation", rows, Sweep.Row::valAccuracy, Style.ORANGE);
        addSeries(chart, "test", rows, Sweep.Row::testAccuracy, Style.GREEN);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Training seconds per configuration. */
    public static BufferedImage seconds(List<Sweep.Row> rows) {
        CategoryChart chart = chart("Training time per configuration", "seconds", rows);
        double longest = rows.stream().mapToDouble(Sweep.Row::seconds).max().orElse(1);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(LabelCharts.niceCeiling(longest * 1.12));
        chart.getStyler().setYAxisDecimalPattern("#,##0"); // whole seconds: the timing noise is larger than that
        chart.getStyler().setLegendVisible(false);
        addSeries(chart, "seconds", rows, Sweep.Row::seconds, Style.BLUE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static CategoryChart chart(String title, String yTitle, List<Sweep.Row> rows) {
        if (rows.isEmpty()) throw new IllegalArgumentException("no sweep results to plot");
        // wide enough that each configuration's name fits under its bars
        int width = Math.max(720, 160 + rows.size() * 150);
        CategoryChart chart = new CategoryChart(width, HEIGHT);
        Style.apply(chart);
        chart.setTitle(title);
        chart.setXAxisTitle("configuration");
        chart.setYAxisTitle(yTitle);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(Style.SMALL.deriveFont(12f));
        chart.getStyler().setLabelsFontColor(Style.TEXT);
        chart.getStyler().setLabelsPosition(1.0);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.8);
        if (rows.stream().mapToInt(r -> r.name().length()).max().orElse(0) > 16) chart.getStyler().setXAxisLabelRotation(20);
        return chart;
    }

    private static void addSeries(CategoryChart chart, String name, List<Sweep.Row> rows, ToDoubleFunction<Sweep.Row> value,
                                  Color colour) {
        List<String> names = rows.stream().map(Sweep.Row::name).toList();
        // a missing value (no validation or test set) is drawn as no bar; XChart takes null for that
        List<Number> values = rows.stream().map(r -> Double.isFinite(value.applyAsDouble(r))
                ? (Number) value.applyAsDouble(r) : null).toList();
        if (values.stream().allMatch(java.util.Objects::isNull)) return;
        CategorySeries series = chart.addSeries(name, names, values);
        series.setFillColor(colour);
    }
}
