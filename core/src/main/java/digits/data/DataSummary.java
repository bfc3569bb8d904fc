package digits.data;

import java.util.Locale;

/**
 * What a data scientist looks at first (pandas' {@code value_counts()}, {@code isnull().any()}, {@code describe()}):
 * images and share per label, pixel statistics and, for a CSV file, the problems a lenient scan found.
 */
public final class DataSummary {
    private static final int BAR_WIDTH = 30;

    private final String name;
    private final int images;
    private final int[] labelCounts;
    private final float minPixel;
    private final float maxPixel;
    private final double meanPixel;
    private final double stdPixel;
    private final double zeroFraction;
    private final CsvScan csvScan;

    private DataSummary(Dataset data, CsvScan csvScan) {
        this.name = data.name();
        this.images = data.size();
        this.labelCounts = data.hasLabels() ? data.labelCounts() : null;
        this.csvScan = csvScan;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        double sumSquares = 0;
        long zeros = 0;
        for (float p : data.pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
            sum += p;
            sumSquares += (double) p * p;
            if (p == 0f) zeros++;
        }
        long n = data.pixels().length;
        this.minPixel = n == 0 ? Float.NaN : min;
        this.maxPixel = n == 0 ? Float.NaN : max;
        this.meanPixel = n == 0 ? Double.NaN : sum / n;
        this.stdPixel = n == 0 ? Double.NaN : Math.sqrt(Math.max(0, sumSquares / n - meanPixel * meanPixel));
        this.zeroFraction = n == 0 ? Double.NaN : (double) zeros / n;
    }

    public static DataSummary of(Dataset data) {
        return new DataSummary(data, null);
    }

    /** The valid rows of a scanned CSV file, together with the problems found in the others. */
    public static DataSummary of(CsvScan scan) {
        return new DataSummary(scan.valid(), scan);
    }

    public String name() { return name; }

    public int images() { return images; }

    /** Images per label 0-9, or null for unlabelled data. */
    public int[] labelCounts() { return labelCounts == null ? null : labelCounts.clone(); }

    public float minPixel() { return minPixel; }

    public float maxPixel() { return maxPixel; }

    public double meanPixel() { return meanPixel; }

    public double stdPixel() { return stdPixel; }

    /** Share of pixels that are exactly 0 (background). */
    public double zeroFraction() { return zeroFraction; }

    /** The lenient scan behind this summary, or null when the data did not come from a CSV file. */
    public CsvScan csvScan() { return csvScan; }

    /** A readable multi-line report. */
    public String format() {
        StringBuilder out = new StringBuilder();
        if (csvScan != null) formatScan(out);
        line(out, "Dataset   %s", name);
        line(out, "Images    %,d (%dx%d grayscale)", images, Dataset.ROWS, Dataset.COLS);
        out.append('\n');
        if (labelCounts == null) {
            line(out, "Labels    none (unlabelled, like Kaggle's test.csv)");
        } else {
            formatLabels(out);
        }
        out.append('\n');
        if (images == 0) {
            line(out, "Pixels    none");
        } else {
            line(out, "Pixels (scaled to [0,1])");
            line(out, "  min    %.4f", minPixel);
            line(out, "  max    %.4f", maxPixel);
            line(out, "  mean   %.4f", meanPixel);
            line(out, "  std    %.4f", stdPixel);
            line(out, "  zeros  %.1f%% of all pixels (background)", 100 * zeroFraction);
        }
        return out.toString();
    }

    private void formatLabels(StringBuilder out) {
        int most = 0;
        int least = 0;
        for (int c = 1; c < labelCounts.length; c++) {
            if (labelCounts[c] > labelCounts[most]) most = c;
            if (labelCounts[c] < labelCounts[least]) least = c;
        }
        line(out, "label      count     share");
        for (int c = 0; c < labelCounts.length; c++) {
            int bar = labelCounts[most] == 0 ? 0 : (int) Math.round((double) BAR_WIDTH * labelCounts[c] / labelCounts[most]);
            line(out, "%5d  %,9d  %7.2f%%  %s", c, labelCounts[c], percent(labelCounts[c]), "#".repeat(bar));
        }
        line(out, "total  %,9d  %7.2f%%", images, images == 0 ? 0.0 : 100.0);
        if (labelCounts[least] > 0) {
            line(out, "most frequent %d (%,d), least frequent %d (%,d): ratio %.2f", most, labelCounts[most],
                    least, labelCounts[least], (double) labelCounts[most] / labelCounts[least]);
        } else if (images > 0) {
            line(out, "most frequent %d (%,d); label %d has no images", most, labelCounts[most], least);
        }
    }

    private void formatScan(StringBuilder out) {
        String layout = csvScan.format() == null ? "unreadable header"
                : "Kaggle " + csvScan.format().name().toLowerCase(Locale.ROOT) + " layout (" + csvScan.format().shortHeader() + ")";
        line(out, "CSV check  %s: %s", csvScan.file(), layout);
        countLine(out, "data rows", csvScan.dataRows());
        countLine(out, "rows with problems", csvScan.badRows());
        for (CsvScan.Problem problem : CsvScan.Problem.values()) {
            if (csvScan.count(problem) > 0) countLine(out, problem.description(), csvScan.count(problem));
        }
        if (csvScan.clean()) {
            line(out, "  no problems found");
        } else {
            line(out, "First %d of %,d problems:", csvScan.firstProblems().size(), csvScan.totalProblems());
            for (String problem : csvScan.firstProblems()) line(out, "  %s", problem);
            line(out, "The summary below covers the %,d valid rows only.", csvScan.valid().size());
        }
        out.append('\n');
    }

    private static void countLine(StringBuilder out, String what, int count) {
        line(out, "  %-38s %,9d", what, count);
    }

    private double percent(int count) {
        return images == 0 ? 0 : 100.0 * count / images;
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args).stripTrailing()).append('\n');
    }
}
