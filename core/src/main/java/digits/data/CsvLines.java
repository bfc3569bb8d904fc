package digits.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Cell-level parsing shared by the Kaggle CSV readers: hand-rolled integer parsing (no regex, no substring on the
 * common path) and one-line problem messages of the form {@code file:line: column NAME: problem}.
 */
final class CsvLines {
    /** Receives each problem; the strict reader throws, the lenient scan counts and goes on. */
    interface Problems {
        void report(CsvScan.Problem kind, String message);
    }

    /** Spellings pandas reads as a missing value (NaN). */
    private static final Set<String> MISSING_WORDS = Set.of("nan", "-nan", "na", "n/a", "#n/a", "null", "none");

    private final Path file;
    private final Problems problems;
    private final IntFunction<String> columnNames;

    CsvLines(Path file, Problems problems, IntFunction<String> columnNames) {
        this.file = file;
        this.problems = problems;
        this.columnNames = columnNames;
    }

    void report(CsvScan.Problem kind, int line, String problem) {
        problems.report(kind, file + ":" + line + ": " + problem);
    }

    /** Reports a problem that belongs to no single line. */
    void reportFile(CsvScan.Problem kind, String problem) {
        problems.report(kind, file + ": " + problem);
    }

    static int countColumns(String line) {
        int columns = 1;
        for (int i = 0, n = line.length(); i < n; i++) if (line.charAt(i) == ',') columns++;
        return columns;
    }

    /** Refuses a row whose column count is not {@code expected}; returns whether it was refused. */
    boolean wrongColumnCount(String line, int lineNumber, int expected, String expectedText) {
        int found = countColumns(line);
        if (found == expected) return false;
        if (line.indexOf('"') >= 0 && quotedComma(line, lineNumber)) return true;
        String detail = found < expected
                ? "no column " + columnNames.apply(found) + (found + 1 < expected ? " or later" : "")
                : (found - expected) + " extra after " + columnNames.apply(expected - 1);
        report(CsvScan.Problem.WRONG_COLUMN_COUNT, lineNumber,
                "expected " + expectedText + ", found " + found + " (" + detail + ")");
        return true;
    }

    /**
     * Reports the first quoted cell holding a comma (RFC 4180 allows it; no pixel or label has one), which the
     * comma count above took for a column boundary; returns whether there was one.
     */
    private boolean quotedComma(String line, int lineNumber) {
        boolean quoted = false;
        int column = 0;
        int cellStart = 0;
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                column++;
                cellStart = i + 1;
            } else if (c == ',') {
                int cellEnd = i;
                while (cellEnd < n && (quoted || line.charAt(cellEnd) != ',')) {
                    if (line.charAt(cellEnd) == '"') quoted = !quoted;
                    cellEnd++;
                }
                report(CsvScan.Problem.NOT_AN_INTEGER, lineNumber, "column " + columnNames.apply(column) + ": '"
                        + clip(line.substring(cellStart, cellEnd).strip()) + "' is not an integer (a quoted cell holding a comma)");
                return true;
            }
        }
        return false;
    }

    /**
     * The integer 0..max in {@code line[start, end)}, or -1 after reporting why the cell is refused.
     * Plain 1-3 digit numbers (every Kaggle pixel) never leave the fast path; the way pandas writes integers
     * ({@code 255.0} from a float frame, {@code "255"} with {@code quoting=QUOTE_ALL}) takes a second short one.
     */
    int cell(String line, int start, int end, int max, int lineNumber, int column) {
        if (end - start >= 1 && end - start <= 3) {
            int value = 0;
            int i = start;
            for (; i < end; i++) {
                int digit = line.charAt(i) - '0';
                if (digit < 0 || digit > 9) break;
                value = value * 10 + digit;
            }
            if (i == end && value <= max) return value;
        }
        int value = pandasCell(line, start, end, max);
        return value >= 0 ? value : unusualCell(line.substring(start, end), max, lineNumber, column);
    }

    /**
     * The value of a cell holding 1-3 digits, optionally followed by a point and zeros, optionally in double quotes
     * ({@code 7.0}, {@code 255.00}, {@code "0"}, {@code "7.0"}); -1 for anything else, which {@link #unusualCell}
     * then reads or refuses. Accepts nothing that {@code unusualCell} would refuse.
     */
    private static int pandasCell(String line, int start, int end, int max) {
        if (end - start >= 2 && line.charAt(start) == '"' && line.charAt(end - 1) == '"') {
            start++;
            end--;
        }
        int value = 0;
        int i = start;
        for (; i < end && i - start < 4; i++) {
            int digit = line.charAt(i) - '0';
            if (digit < 0 || digit > 9) break;
            value = value * 10 + digit;
        }
        if (i == start || i - start > 3 || value > max) return -1;
        if (i == end) return value;
        if (line.charAt(i) != '.' || ++i == end) return -1;
        for (; i < end; i++) if (line.charAt(i) != '0') return -1;
        return value;
    }

    /**
     * The general (slow) path: surrounding spaces, a sign, RFC 4180 quotes, a zero fraction, and one-line reports
     * for everything that is not an integer 0..max.
     */
    private int unusualCell(String cell, int max, int lineNumber, int column) {
        String written = cell.strip();
        String where = "column " + columnNames.apply(column) + ": ";
        String text = written;
        if (text.startsWith("\"")) {
            if (text.length() < 2 || !text.endsWith("\"")) {
                report(CsvScan.Problem.NOT_AN_INTEGER, lineNumber, where + "'" + clip(written) + "' has an unmatched quote");
                return -1;
            }
            text = text.substring(1, text.length() - 1);
            if (text.indexOf('"') >= 0) {
                report(CsvScan.Problem.NOT_AN_INTEGER, lineNumber, where + "'" + clip(written)
                        + "' is not an integer (a quoted cell holding a quote)");
                return -1;
            }
            text = text.strip();
        }
        if (text.isEmpty()) {
            report(CsvScan.Problem.MISSING_VALUE, lineNumber, where + "missing value (empty cell)");
            return -1;
        }
        if (MISSING_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
            report(CsvScan.Problem.MISSING_VALUE, lineNumber, where + "missing value '" + clip(written) + "'");
            return -1;
        }
        int integerEnd = integerEnd(text);
        if (integerEnd < 0) {
            report(CsvScan.Problem.NOT_AN_INTEGER, lineNumber, where + "'" + clip(written) + "' is not an integer");
            return -1;
        }
        // More than 18 digits overflows a long and is out of range anyway.
        long value = integerEnd > 18 ? Long.MAX_VALUE : Long.parseLong(text, 0, integerEnd, 10);
        if (value < 0 || value > max) {
            report(CsvScan.Problem.OUT_OF_RANGE, lineNumber, where + clip(written) + " is out of range 0-" + max);
            return -1;
        }
        return (int) value;
    }

    /**
     * Where the integer part of {@code text} ends when the whole text is an integer in decimal notation: an optional
     * sign, digits, and optionally a point followed by zeros only ({@code 7}, {@code +7}, {@code 7.0}, {@code 7.000});
     * -1 for anything else ({@code 7.5}, {@code 7.}, {@code .0}, {@code 1e2}, {@code inf}).
     */
    private static int integerEnd(String text) {
        int n = text.length();
        int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        int digitsFrom = i;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
        if (i == digitsFrom) return -1;
        int integerEnd = i;
        if (i == n) return integerEnd;
        if (text.charAt(i) != '.' || i + 1 == n) return -1;
        for (i++; i < n; i++) if (text.charAt(i) != '0') return -1;
        return integerEnd;
    }

    /** A header name without the double quotes RFC 4180 allows around it ({@code "label"} is {@code label}). */
    static String unquote(String name) {
        String s = name.strip();
        if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' && s.indexOf('"', 1) == s.length() - 1) {
            return s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    /** Cell text shortened for a one-line message. */
    static String clip(String text) {
        return text.length() <= 24 ? text : text.substring(0, 21) + "...";
    }
}
