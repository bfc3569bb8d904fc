package digits.train.schedule;

import digits.train.Monitor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the CLI's {@code --lr-schedule} value. Syntax: a name, then options separated by {@code :} or
 * {@code ,}, each either {@code key=value} or a bare value taking the next key in the documented order.
 * See {@link #HELP}.
 */
public final class LearningRateSchedules {

    /** Help text for the CLI option. */
    public static final String HELP = """
            Learning-rate schedule: NAME[:OPTION...], options as key=value or positional in this order.
              constant                                    the base rate throughout (default)
              step:every=10:gamma=0.1                     multiply by gamma every N epochs (e.g. step:10:0.5)
              exp:gamma=0.9                               multiply by gamma every epoch
              cosine:min=0:warmup=0                       per-step cosine to min over the run, after a linear
                                                          warm-up of the given epochs (may be fractional)
              onecycle:pct=0.3:div=25:final_div=1e4       one-cycle, base rate = peak: from peak/div up to the
                                                          peak over pct of the steps, then down to
                                                          peak/div/final_div (PyTorch OneCycleLR)
              plateau:factor=0.1:patience=10:min_delta=1e-4:cooldown=0:min_lr=0:monitor=val_loss:mode=auto
                                                          multiply by factor when the monitor stalls (Keras)""";

    private static final String PREFIX = "learning-rate schedule '";
    private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("constant", List.of());
        KEYS.put("step", List.of("every", "gamma"));
        KEYS.put("exp", List.of("gamma"));
        KEYS.put("cosine", List.of("min", "warmup"));
        KEYS.put("onecycle", List.of("pct", "div", "final_div"));
        KEYS.put("plateau", List.of("factor", "patience", "min_delta", "cooldown", "min_lr", "monitor", "mode"));
    }

    private LearningRateSchedules() {
    }

    /** Schedule names accepted by {@link #parse}. */
    public static List<String> names() {
        return List.copyOf(KEYS.keySet());
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
        List<String> keys = KEYS.get(name);
        if (keys == null) {
            throw new IllegalArgumentException("unknown learning-rate schedule '" + parts[0] + "'; valid: "
                    + String.join(", ", KEYS.keySet()));
        }
        Options o = new Options(name, keys, parts);
        try {
            return create(name, o, baseRate, epochs);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(PREFIX) ? e : o.fail(e.getMessage());
        }
    }

    private static LearningRateSchedule create(String name, Options o, double baseRate, int epochs) {
        return switch (name) {
            case "constant" -> new ConstantRate(baseRate);
            case "step" -> new StepDecay(baseRate, o.integer("every", 10), o.number("gamma", 0.1));
            case "exp" -> new ExponentialDecay(baseRate, o.number("gamma", 0.9));
            case "cosine" -> new CosineAnnealing(baseRate, o.number("min", 0), epochs, o.number("warmup", 0));
            case "onecycle" -> new OneCycle(baseRate, epochs, o.number("pct", 0.3), o.number("div", 25),
                    o.number("final_div", 1e4));
            case "plateau" -> new ReduceOnPlateau(baseRate, Monitor.parse(o.text("monitor", "val_loss")),
                    Monitor.Mode.parse(o.text("mode", "auto")), o.number("factor", 0.1), o.integer("patience", 10),
                    o.number("min_delta", 1e-4), o.integer("cooldown", 0), o.number("min_lr", 0));
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

    /** The options of one spec, by key. */
    private static final class Options {
        private final String name;
        private final Map<String, String> values = new LinkedHashMap<>();

        Options(String name, List<String> keys, String[] parts) {
            this.name = name;
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
                if (values.putIfAbsent(key, value) != null) {
                    throw fail("option '" + key + "' given twice");
                }
            }
        }

        String text(String key, String fallback) {
            return values.getOrDefault(key, fallback);
        }

        double number(String key, double fallback) {
            String text = values.get(key);
            if (text == null) {
                return fallback;
            }
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

        int integer(String key, int fallback) {
            String text = values.get(key);
            if (text == null) {
                return fallback;
            }
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
