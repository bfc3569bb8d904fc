package digits.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The result of a lenient pass over a Kaggle CSV file ({@link KaggleCsvReader#scan}): every problem is counted
 * instead of stopping at the first, the first few are kept verbatim, and the rows without problems are loaded.
 *
 * @param format        the layout the header announced, or null when the header made the file unreadable
 * @param dataRows      data lines seen (valid or not)
 * @param badRows       data lines with at least one problem, left out of {@code valid}
 * @param problemCounts how many problems of each kind (cells for cell problems, lines for the rest)
 * @param firstProblems the first problems as one-line messages naming file, line and column
 * @param valid         the rows without problems
 */
public record CsvScan(Path file, KaggleCsvFormat format, int dataRows, int badRows,
                      Map<Problem, Integer> problemCounts, List<String> firstProblems, Dataset valid) {

    /** Kinds of problems, in the order a summary lists them. */
    public enum Problem {
        HEADER("header problems"),
        WRONG_COLUMN_COUNT("rows with a wrong column count"),
        MISSING_VALUE("missing values (empty, NaN, NA, null)"),
        NOT_AN_INTEGER("cells that are not integers"),
        OUT_OF_RANGE("values out of range"),
        EMPTY_LINE("empty lines"),
        NO_DATA("no data rows");

        private final String description;

        Problem(String description) {
            this.description = description;
        }

        public String description() { return description; }
    }

    public CsvScan {
        problemCounts = Map.copyOf(problemCounts);
        firstProblems = List.copyOf(firstProblems);
    }

    public int count(Problem problem) { return problemCounts.getOrDefault(problem, 0); }

    public int totalProblems() {
        return problemCounts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** True when the strict reader would accept the file. */
    public boolean clean() { return totalProblems() == 0; }
}
