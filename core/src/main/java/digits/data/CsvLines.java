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
        String detail = found < expected
                ? "no column " + columnNames.apply(found) + (found + 1 < expected ? " or later" : "")
                : (found - expected) + " extra after " + columnNames.apply(expected - 1);
        report(CsvScan.Problem.WRONG_COLUMN_COUNT, lineNumber,
                "expected " + expectedText + ", found " + found + " (" + detail + ")");
        return true;
    }

    /**
     * The integer 0..max in {@code line[start, end)}, or -1 after reporting why the cell is refused.
     * Plain 1-3 digit numbers (every Kaggle pixel) never leave the fast path.
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
        return unusualCell(line.substring(start, end), max, lineNumber, column);
    }

    private int unusualCell(String cell, int max, int lineNumber, int column) {
        String text = cell.strip();
        String where = "column " + columnNames.apply(column) + ": ";
        if (text.isEmpty()) {
            report(CsvScan.Problem.MISSING_VALUE, lineNumber, where + "missing value (empty cell)");
            return -1;
        }
        if (MISSING_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
            report(CsvScan.Problem.MISSING_VALUE, lineNumber, where + "missing value '" + clip(text) + "'");
            return -1;
        }
        int digitsFrom = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        boolean integer = digitsFrom < text.length();
        for (int i = digitsFrom; i < text.length() && integer; i++) integer = text.charAt(i) >= '0' && text.charAt(i) <= '9';
        if (!integer) {
            report(CsvScan.Problem.NOT_AN_INTEGER, lineNumber, where + "'" + clip(text) + "' is not an integer");
            return -1;
        }
        // More than 18 digits overflows a long and is out of range anyway.
        long value = text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text);
        if (value < 0 || value > max) {
            report(CsvScan.Problem.OUT_OF_RANGE, lineNumber, where + clip(text) + " is out of range 0-" + max);
            return -1;
        }
        return (int) value;
    }

    /** Cell text shortened for a one-line message. */
    static String clip(String text) {
        return text.length() <= 24 ? text : text.substring(0, 21) + "...";
    }
}
