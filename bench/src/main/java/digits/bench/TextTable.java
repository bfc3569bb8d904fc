package digits.bench;

import digits.eval.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * A console table with fixed column widths, so rows can be printed as their measurements finish: the first column
 * left-aligned, the others right-aligned; a value wider than its column pushes the rest of its row right.
 */
public final class TextTable {
    private final List<String> headers;
    private final int[] widths;

    /** Columns as {@code name} or {@code name:width}; a column is never narrower than its name. */
    public TextTable(String... columns) {
        headers = new ArrayList<>();
        widths = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            int colon = columns[i].lastIndexOf(':');
            String name = colon < 0 ? columns[i] : columns[i].substring(0, colon);
            int width = colon < 0 ? 0 : Integer.parseInt(columns[i].substring(colon + 1));
            headers.add(name);
            widths[i] = Math.max(width, name.length());
        }
    }

    /** The header line and a rule under it. */
    public String header() {
        String line = row(headers.toArray(new Object[0]));
        return line + "\n" + "-".repeat(line.length());
    }

    public String row(Object... values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String v = i < values.length && values[i] != null ? values[i].toString() : "-";
            if (i == 0) b.append(v).append(" ".repeat(Math.max(0, widths[0] - v.length())));
            else b.append("  ").append(Text.right(v, widths[i]));
        }
        return b.toString().stripTrailing();
    }
}
