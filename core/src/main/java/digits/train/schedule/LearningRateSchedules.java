package digits.train.schedule;

import digits.eval.Text;
import digits.train.Monitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses the CLI's {@code --lr-schedule} value. Syntax: a name, then options separated by {@code :} or
 * {@code ,}, each either {@code key=value} or a bare value taking the next key in the documented order.
 * See {@link #HELP}.
 */
public final class LearningRateSchedules {

    /** One option of a schedule: its key and the value it takes when not given. */
    private record Option(String key, String fallback) {
    }

    /** One schedule: its options in positional order, and what it does. */
    private record Form(String name, List<Option> options, String meaning) {
        List<String> keys() {
            return options.stream().map(Option::key).toList();
        }

        /** The schedule with every option at its default, e.g. {@code step:every=10:gamma=0.1}. */
        String full() {
            return name + options.stream().map(o -> ":" + o.key + "=" + o.fallback).collect(Collectors.joining());
        }

        /** The positional form, at most three options, e.g. {@code step:EVERY:GAMMA}. */
        String brief() {
            return name + options.stream().limit(3).map(o -> ":" + o.key.toUpperCase(Locale.ROOT)).collect(Collectors.joining())
                    + (options.size() > 3 ? ":..." : "");
        }
    }

    /**
     * The schedules {@link #parse} accepts, with their options and defaults: parsing and both help texts are made
     * from this table, so a schedule added here is documented by itself (and one missing here cannot be parsed).
     */
    private static final Map<String, Form> FORMS = new LinkedHashMap<>();

    private static void form(String name, String meaning, String... keysAndDefaults) {
        List<Option> options = new ArrayList<>();
        for (int i = 0; i < keysAndDefaults.length; i += 2) options.add(new Option(keysAndDefaults[i], keysAndDefaults[i + 1]));
        FORMS.put(name, new Form(name, List.copyOf(options), meaning));
    }

    static {
        form("constant", "the base rate throughout");
        form("step", "multiply by gamma every N epochs (e.g. step:10:0.5)", "every", "10", "gamma", "0.1");
        form("exp", "multiply by gamma every epoch", "gamma", "0.9");
        form("cosine", "per-step cosine to min over the run, after a linear warm-up of the given epochs (may be "
                + "fractional)", "min", "0", "warmup", "0");
        form("onecycle", "one-cycle, base rate = peak: from peak/div up to the peak over pct of the steps, then down to "
                + "peak/div/final_div (PyTorch OneCycleLR)", "pct", "0.3", "div", "25", "final_div", "1e4");
        form("plateau", "multiply by factor when the monitor stalls (Keras)", "factor", "0.1", "patience", "10",
                "min_delta", "1e-4", "cooldown", "0", "min_lr", "0", "monitor", "val_loss", "mode", "auto");
    }

    /**
     * Help text for the CLI option, several lines: every schedule with all its options at their defaults (e.g. for
     * {@code digits train --help-schedules}).
     */
    public static final String HELP = "Learning-rate schedule: NAME[:OPTION...], options as key=value or positional in "
            + "this order.\n" + FORMS.values().stream().map(f -> Text.hanging("  " + f.full(), f.meaning, 46, 104))
            .collect(Collectors.joining()).stripTrailing();

    private static final String PREFIX = "learning-rate schedule '";

    private LearningRateSchedules() {
    }

    /** Schedule names accepted by {@link #parse}, in the order help lists them. */
    public static List<String> names() {
        return List.copyOf(FORMS.keySet());
    }

    /**
     * Every schedule with all its options at their defaults, as {@link #parse} reads them: {@code constant},
     * {@code step:every=10:gamma=0.1}, ..., in the order of {@link #names}.
     */
    public static List<String> forms() {
        return FORMS.values().stream().map(Form::full).toList();
    }

    /**
     * One line for a CLI option's help: {@code constant, step:EVERY:GAMMA, exp:GAMMA, cosine:MIN:WARMUP, ...} (options
     * positional or KEY=VALUE); {@link #HELP} has the details.
     */
    public static String summary() {
        return FORMS.values().stream().map(Form::brief).collect(Collectors.joining(", "))
                + " (options positional or as key=value)";
    }

    /**
     * @param spec     e.g. {@code constant}, {@code step:10:0.5}, {@code cosine:warmup=1}, {@code plateau:patience=3}
     * @param baseRate the run's learning rate (the peak for onecycle)
     * @param epochs   planned epochs (cosine and onecycle span them)
     * @throws IllegalArgumentException with a one-line message for any malformed spec
     */
    public static LearningRateSchedule parse(String spec, double baseRate, int epochs) {
        String[] parts = (spec == null ? "" : spec.trim()).split("[:,]", -1);
        String name = parts[0].toLowerCase(Locale.ROOT);
        Form form = FORMS.get(name);
        if (form == null) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + parts[0] + "'; valid: "
                    + String.join(", ", FORMS.keySet()));
        }
        Options o = new Options(form, parts);
        try {
            return create(name, o, baseRate, epochs);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(PREFIX) ? e : o.fail(e.getMessage());
        }
    }

    private static LearningRateSchedule create(String name, Options o, double baseRate, int epochs) {
        return switch (name) {
            case "constant" -> new ConstantRate(baseRate);
            case "step" -> new StepDecay(baseRate, o.integer("every"), o.number("gamma"));
            case "exp" -> new ExponentialDecay(baseRate, o.number("gamma"));
            case "cosine" -> new CosineAnnealing(baseRate, o.number("min"), epochs, o.number("warmup"));
            case "onecycle" -> new OneCycle(baseRate, epochs, o.number("pct"), o.number("div"), o.number("final_div"));
            case "plateau" -> new ReduceOnPlateau(baseRate, Monitor.parse(o.text("monitor")),
                    Monitor.Mode.parse(o.text("mode")), o.number("factor"), o.integer("patience"),
                    o.number("min_delta"), o.integer("cooldown"), o.number("min_lr"));
            default -> throw new IllegalStateException("schedule without a constructor: " + name);
        };
    }

    static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + value);
        }
    }

    static void requireFactor(String what, double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " must be in (0, 1], got " + value);
        }
    }

    /** The options of one spec, by key; an option not given reads as its default from {@link #FORMS}. */
    private static final class Options {
        private final String name;
        private final Map<String, String> values = new LinkedHashMap<>();

        Options(Form form, String[] parts) {
            this.name = form.name;
            List<String> keys = form.keys();
            for (Option option : form.options) values.put(option.key, option.fallback);
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].trim();
                int eq = part.indexOf('=');
                String key;
                String value;
                if (eq >= 0) {
                    key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    value = part.substring(eq + 1).trim();
                    if (!keys.contains(key)) {
                        throw fail("unknown option '" + key + "'; valid: "
                                + (keys.isEmpty() ? "none" : String.join(", ", keys)));
                    }
                } else {
                    if (i - 1 >= keys.size()) {
                        throw fail("too many options (" + (parts.length - 1) + "); valid: "
                                + (keys.isEmpty() ? "none" : String.join(", ", keys)));
                    }
                    key = keys.get(i - 1);
                    value = part;
                }
                if (value.isEmpty()) {
                    throw fail("empty value for '" + key + "'");
                }
                if (given.putIfAbsent(key, value) != null) {
                    throw fail("option '" + key + "' given twice");
                }
            }
            values.putAll(given);
        }

        String text(String key) {
            String text = values.get(key);
            if (text == null) throw new IllegalStateException("schedule " + name + " has no option " + key);
            return text;
        }

        double number(String key) {
            String text = text(key);
            try {
                double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw fail(key + " must be a number, got '" + text + "'");
        }

        int integer(String key) {
            String text = text(key);
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw fail(key + " must be a whole number, got '" + text + "'");
            }
        }

        IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException(PREFIX + name + "': " + problem);
        }
    }
}
