package digits.report;

import digits.eval.Decimals;
import digits.eval.Text;
import digits.train.Sweep;

import java.util.List;
import java.util.Locale;

/** The rows of a sweep as an aligned console table (printed row by row while the sweep runs) and as CSV. */
public final class SweepTable {
    private static final String[] NUMBER_COLUMNS = {"params", "train acc", "val acc", "test acc", "seconds"};
    private static final int[] WIDTHS = {11, 10, 9, 9, 8};

    private final int nameWidth;

    /** A table whose first column fits the longest of {@code names}. */
    public SweepTable(List<String> names) {
        this.nameWidth = Math.max("config".length(), names.stream().mapToInt(String::length).max().orElse(0));
    }

    public String header() {
        StringBuilder sb = new StringBuilder(pad("config"));
        for (int i = 0; i < NUMBER_COLUMNS.length; i++) sb.append(right(NUMBER_COLUMNS[i], WIDTHS[i]));
        return sb.toString();
    }

    public String row(Sweep.Row r) {
        return pad(r.name())
                + right(String.format(Locale.ROOT, "%,d", r.parameters()), WIDTHS[0])
                + right(fixed(r.trainAccuracy(), 4), WIDTHS[1])
                + right(fixed(r.valAccuracy(), 4), WIDTHS[2])
                + right(fixed(r.testAccuracy(), 4), WIDTHS[3])
                + right(fixed(r.seconds(), 1), WIDTHS[4]);
    }

    /** Header and every row, each line ending in a newline. */
    public static String format(List<Sweep.Row> rows) {
        SweepTable table = new SweepTable(rows.stream().map(Sweep.Row::name).toList());
        StringBuilder sb = new StringBuilder(table.header()).append('\n');
        for (Sweep.Row r : rows) sb.append(table.row(r)).append('\n');
        return sb.toString();
    }

    /** {@code sweep.csv}: one row per configuration, full precision, empty cells where a value is missing. */
    public static String csv(List<Sweep.Row> rows) {
        StringBuilder sb = new StringBuilder("config,architecture,parameters,epochs,train_accuracy,val_accuracy,test_accuracy,"
                + "test_loss,seconds\n");
        for (Sweep.Row r : rows) {
            sb.append(quote(r.name())).append(',').append(quote(r.architecture())).append(',').append(r.parameters())
                    .append(',').append(r.epochs()).append(',').append(cell(r.trainAccuracy())).append(',')
                    .append(cell(r.valAccuracy())).append(',').append(cell(r.testAccuracy())).append(',')
                    .append(cell(r.testLoss())).append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds())).append('\n');
        }
        return sb.toString();
    }

    /** The table's column names, for the HTML version. */
    static List<String> columns() {
        return List.of("config", "params", "train acc", "val acc", "test acc", "seconds");
    }

    /** One row's cells as the console shows them, for the HTML version. */
    static List<String> cells(Sweep.Row r) {
        return List.of(r.name(), String.format(Locale.ROOT, "%,d", r.parameters()), fixed(r.trainAccuracy(), 4),
                fixed(r.valAccuracy(), 4), fixed(r.testAccuracy(), 4), fixed(r.seconds(), 1));
    }

    private String pad(String s) {
        return s + " ".repeat(nameWidth - s.length());
    }

    /** Right-aligned with at least one space before it, so long values never run into the previous column. */
    private static String right(String s, int width) {
        return " " + Text.right(s, width - 1);
    }

    private static String fixed(double v, int digits) {
        return Double.isFinite(v) ? Decimals.fixed(v, digits) : "-";
    }

    private static String cell(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
    }

    /** RFC 4180: a name with a comma or quote (such as "mlp 10,20,10") is quoted. */
    static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
