package digits.report;

import digits.data.Dataset;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.PieChart;
import org.knowm.xchart.style.PieStyler;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** How many images of each digit a data set has: a bar chart and a pie chart. */
public final class LabelCharts {
    static {
        Style.headless();
    }

    private LabelCharts() {}

    /** Bars for digits 0-9, each with its count printed above it. */
    public static BufferedImage bars(int[] counts, String title) {
        checkCounts(counts);
        CategoryChart chart = new CategoryChart(800, 500);
        Style.apply(chart);
        chart.setTitle(title + " (" + String.format("%,d", total(counts)) + " images)");
        chart.setXAxisTitle("digit");
        chart.setYAxisTitle("images");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(Style.SMALL);
        chart.getStyler().setLabelsFontColor(Style.TEXT);
        chart.getStyler().setLabelsPosition(1.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(niceCeiling(max(counts) * 1.1));
        chart.getStyler().setYAxisDecimalPattern("#,###");
        chart.getStyler().setDecimalPattern("#,###");
        chart.getStyler().setSeriesColors(new java.awt.Color[]{Style.BLUE});
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.addSeries("images", digits(), asNumbers(counts));
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** One slice per digit, labelled with the digit and its percentage. */
    public static BufferedImage pie(int[] counts, String title) {
        checkCounts(counts);
        PieChart chart = new PieChart(560, 560);
        Style.apply(chart);
        chart.setTitle(title + " (" + String.format("%,d", total(counts)) + " images)");
        PieStyler styler = chart.getStyler();
        styler.setLabelType(PieStyler.LabelType.NameAndPercentage);
        styler.setDecimalPattern("0.0");
        styler.setLabelsFont(Style.SMALL);
        styler.setLabelsFontColorAutomaticEnabled(true);
        styler.setLabelsDistance(0.78);
        styler.setForceAllLabelsVisible(true);
        styler.setSliceBorderWidth(1.5);
        styler.setSeriesColors(Style.TEN);
        styler.setLegendVisible(false); // every slice is labelled
        styler.setPlotBorderVisible(false);
        for (int k = 0; k < counts.length; k++) chart.addSeries(String.valueOf(k), counts[k]);
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void checkCounts(int[] counts) {
        if (counts.length != Dataset.CLASSES) {
            throw new IllegalArgumentException("expected " + Dataset.CLASSES + " label counts, got " + counts.length);
        }
        for (int c : counts) if (c < 0) throw new IllegalArgumentException("negative label count " + c);
        if (total(counts) == 0) throw new IllegalArgumentException("no labelled images to chart");
    }

    static List<String> digits() {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < Dataset.CLASSES; k++) names.add(String.valueOf(k));
        return names;
    }

    private static List<Number> asNumbers(int[] values) {
        List<Number> list = new ArrayList<>();
        for (int v : values) list.add(v);
        return list;
    }

    private static long total(int[] counts) {
        long sum = 0;
        for (int c : counts) sum += c;
        return sum;
    }

    private static int max(int[] counts) {
        int m = 0;
        for (int c : counts) m = Math.max(m, c);
        return m;
    }

    /** Rounds an axis maximum up to a multiple of half its power of ten (738 to 750), so ticks are round numbers. */
    static double niceCeiling(double value) {
        if (value <= 0) return 1;
        double unit = Math.pow(10, Math.floor(Math.log10(value))) / 2;
        return Math.ceil(value / unit) * unit;
    }
}
