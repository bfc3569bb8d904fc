package digits.train;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One named training setting: its key (the command-line flag without dashes and the recipe key), its type, its
 * default, a line of help, and the check of its own value. The table of all of them is {@link TrainingSettings};
 * every front end (command-line options, sweep, bench recipes, the Java builder) reads it, so a setting is declared once.
 *
 * @param <T> Integer, Long, Double, Boolean or String
 */
public final class Setting<T> {
    /** The value's own check: null when the value is fine, else what is wrong with it ("must be at least 1"). */
    @FunctionalInterface
    public interface Check<T> {
        String problem(T value);
    }

    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final String help;
    private final String label;
    private final String shortName;
    private final String descriptorName;
    private final Check<T> check;
    private final Function<String, T> parser;

    private Setting(String key, Class<T> type, T defaultValue, String help, String label, String shortName,
                    String descriptorName, Check<T> check, Function<String, T> parser) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.help = help;
        this.label = label;
        this.shortName = shortName;
        this.descriptorName = descriptorName;
        this.check = check;
        this.parser = parser;
    }

    public static Setting<Integer> integer(String key, Integer defaultValue, String help, Check<Integer> check) {
        return new Setting<>(key, Integer.class, defaultValue, help, "N", null, snake(key), check,
                text -> (int) whole(key, text, Integer.MIN_VALUE, Integer.MAX_VALUE));
    }

    public static Setting<Long> longValue(String key, Long defaultValue, String help, Check<Long> check) {
        return new Setting<>(key, Long.class, defaultValue, help, "N", null, snake(key), check,
                text -> whole(key, text, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    public static Setting<Double> number(String key, Double defaultValue, String help, Check<Double> check) {
        return new Setting<>(key, Double.class, defaultValue, help, "X", null, snake(key), check, text -> {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(key, "'" + text + "' is not a number");
            }
        });
    }

    /** A switch: on the command line a flag ({@code --nesterov}), negatable ({@code --no-restore-best}) when on by default. */
    public static Setting<Boolean> flag(String key, boolean defaultValue, String help) {
        return new Setting<>(key, Boolean.class, defaultValue, help, null, null, snake(key), v -> null, text -> {
            String t = text.trim();
            if (t.equalsIgnoreCase("true")) return true;
            if (t.equalsIgnoreCase("false")) return false;
            throw new InvalidSettingException(key, "'" + text + "' is not true or false");
        });
    }

    public static Setting<String> text(String key, String defaultValue, String help, String label, Check<String> check) {
        return new Setting<>(key, String.class, defaultValue, help, label, null, snake(key), check, String::trim);
    }

    /** The same setting with a one-letter command-line name ({@code -e}). */
    public Setting<T> withShortName(String name) {
        return new Setting<>(key, type, defaultValue, help, label, name, descriptorName, check, parser);
    }

    /**
     * The same setting under another name in a model's descriptor ({@code learning_rate}), or null to leave it out
     * there (data and architecture, which the descriptor records elsewhere).
     */
    public Setting<T> describedAs(String name) {
        return new Setting<>(key, type, defaultValue, help, label, shortName, name, check, parser);
    }

    public String key() {
        return key;
    }

    public Class<T> type() {
        return type;
    }

    /** The default, or null where "not given" is the default (e.g. no image limit). */
    public T defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /** The value's placeholder in help ({@code N}, {@code SPEC}); null for a switch. */
    public String label() {
        return label;
    }

    /** A one-letter command-line name ({@code -e}), or null. */
    public String shortName() {
        return shortName;
    }

    /** The name in a model descriptor's {@code training} map, or null when not recorded there. */
    public String descriptorName() {
        return descriptorName;
    }

    public boolean isSwitch() {
        return type == Boolean.class;
    }

    /** Parses a value as written on a command line or in a recipe; the message names this setting when it can't. */
    public T parse(String text) {
        if (text == null) throw new InvalidSettingException(key, "needs a value");
        return validate(parser.apply(text));
    }

    /** Checks a value; the message names this setting. Null is fine only where the default is null. */
    public T validate(T value) {
        if (value == null) {
            if (defaultValue == null) return null;
            throw new InvalidSettingException(key, "needs a value");
        }
        String problem;
        try {
            problem = check.problem(value);
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(key, e.getMessage(), true); // a parser's own message names the value
        }
        if (problem != null) throw new InvalidSettingException(key, problem + ", got " + format(value));
        return value;
    }

    /** The value as this setting's type (an Integer where a Double is expected becomes a Double). */
    public T cast(Object value) {
        if (value != null && type == Double.class && value instanceof Number n && !(value instanceof Double)) {
            return type.cast(n.doubleValue());
        }
        if (value != null && type == Long.class && (value instanceof Integer i)) return type.cast(i.longValue());
        if (value != null && !type.isInstance(value)) {
            throw new InvalidSettingException(key, "takes a " + type.getSimpleName() + ", got a "
                    + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }

    /** A value as a user would write it: {@code 0.005}, {@code 1E-8}, {@code 3}, {@code true}. */
    public String format(T value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) return d.toString();
            return BigDecimal.valueOf(d).stripTrailingZeros().toString();
        }
        return String.valueOf(value);
    }

    @Override
    public String toString() {
        return key;
    }

    private static long whole(String key, String text, long min, long max) {
        try {
            long n = Long.parseLong(text.trim());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(key, "'" + text + "' is not a whole number");
        }
    }

    private static String snake(String key) {
        return key.replace('-', '_');
    }

    // ---- common checks ----

    public static Check<Integer> atLeast(int min) {
        return v -> v >= min ? null : "must be at least " + min;
    }

    public static Check<Double> notNegative() {
        return v -> v >= 0 && Double.isFinite(v) ? null : "must be a finite number >= 0";
    }

    public static Check<Double> positive() {
        return v -> v > 0 && Double.isFinite(v) ? null : "must be a positive number";
    }

    /** [min, max) */
    public static Check<Double> inRange(double min, double max) {
        return v -> v >= min && v < max ? null : "must be in [" + plain(min) + "," + plain(max) + ")";
    }

    public static Check<String> oneOf(List<String> names) {
        return v -> names.contains(v.toLowerCase(Locale.ROOT)) ? null : "must be one of " + String.join(", ", names);
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Setting<?> s && s.key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key);
    }
}
