package digits.bench;

import digits.api.NumberReader;
import digits.api.NumberReading;
import digits.data.SyntheticNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How well {@link NumberReader} reads numbers made by {@link SyntheticNumbers} from MNIST test digits: for each length
 * and kind (separated, one touching pair), the share of numbers read exactly and the share of digits read right.
 */
public final class NumberBench {
    private NumberBench() {}

    /** One cell of the table: {@code numbers} numbers of {@code length} digits of one kind. */
    public record Row(String kind, int length, int numbers, int exact, double exactRate, double digitAccuracy,
                      double msPerNumber) {}

    /** {@code pairModels} and {@code pairSettings} are null when no pair models read touching pairs whole. */
    public record Result(String model, String pairModels, String part, int testDigitsFrom, int testDigitsTo, long seed,
                         NumberReader.Settings settings, NumberReader.PairSettings pairSettings, List<Row> rows) {}

    /**
     * Reads {@code count} numbers for every length in {@code minLength..maxLength} and both kinds (touching from 2
     * digits), seeds {@code seed, seed+1, ...} per cell.
     */
    public static Result run(NumberReader reader, String model, String pairModels, SyntheticNumbers numbers,
                             NumberReader.Settings settings, NumberReader.PairSettings pairSettings,
                             int minLength, int maxLength, int count, long seed, Consumer<String> progress) {
        List<Row> rows = new ArrayList<>();
        for (SyntheticNumbers.Kind kind : SyntheticNumbers.Kind.values()) {
            for (int length = Math.max(minLength, kind == SyntheticNumbers.Kind.TOUCHING ? 2 : 1); length <= maxLength; length++) {
                Row row = cell(reader, numbers, kind, length, count, seed);
                rows.add(row);
                progress.accept(TABLE.row(row.kind(), row.length(), row.numbers(), f("%.1f%%", 100 * row.exactRate()),
                        f("%.2f%%", 100 * row.digitAccuracy()), f("%.1f", row.msPerNumber())));
            }
        }
        return new Result(model, pairModels, numbers.part().name().toLowerCase(Locale.ROOT), numbers.part().from,
                numbers.part().to, seed, settings, pairSettings, rows);
    }

    public static final TextTable TABLE = new TextTable("kind:9", "digits:6", "numbers:7", "exact:7", "per digit:9", "ms/number:9");

    private static Row cell(NumberReader reader, SyntheticNumbers numbers, SyntheticNumbers.Kind kind, int length, int count,
                            long seed) {
        int exact = 0;
        long digitsRight = 0;
        long nanos = 0;
        for (int i = 0; i < count; i++) {
            SyntheticNumbers.Number number = numbers.generate(seed + i, length, kind);
            long start = System.nanoTime();
            NumberReading reading = reader.read(number.image());
            nanos += System.nanoTime() - start;
            String read = reading.number();
            if (read.equals(number.digits())) exact++;
            digitsRight += Math.max(0, length - editDistance(read, number.digits()));
        }
        return new Row(kind.name().toLowerCase(Locale.ROOT), length, count, exact, (double) exact / count,
                (double) digitsRight / ((long) count * length), nanos / 1e6 / count);
    }

    /** Levenshtein distance: the digits read wrong, missed or added. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** The table's header, with what it measures. */
    public static String header(Result r, String modelLabel) {
        return String.format(Locale.ROOT, "Numbers read by %s, made from MNIST test digits %d-%d (%s part), seeds from %d; "
                        + "exact = whole number right, per digit = 1 - edit distance / length", modelLabel,
                r.testDigitsFrom(), r.testDigitsTo() - 1, r.part(), r.seed())
                + "\n" + TABLE.header();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
