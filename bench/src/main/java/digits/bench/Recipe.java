package digits.bench;

import digits.data.Dataset;
import digits.data.StratifiedSplit;
import digits.model.Architectures;
import digits.model.ModelSpec;
import digits.train.TrainingConfig;
import digits.train.optim.OptimizerFactory;
import digits.train.schedule.LearningRateSchedule;
import digits.train.schedule.LearningRateSchedules;
import digits.train.schedule.ReduceOnPlateau;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training run for the benchmarks, written like {@code digits train}'s options without the dashes:
 * {@code model=fast-cnn,epochs=3,lr=0.003,lr-schedule=onecycle,batch-size=128}, or a named recipe of {@link Recipes}
 * with keys that override its values ({@code one-epoch,seed=43}). Keys not given take train's defaults;
 * an unknown key is an error. A value may contain commas ({@code hidden=256,128}): text up to the next {@code key=}
 * belongs to the value before it, and so do augmentation items after {@code augment} ({@code augment=default,elastic=1.5}).
 * Inside a schedule write options with colons ({@code plateau:factor=0.5:patience=2}).
 *
 * @param text    the recipe as given (reported with the results)
 * @param limit   train on the first N images only (null: all)
 */
public record Recipe(String text, String model, String hidden, double dropout, TrainingConfig config, double valSplit,
                     Integer limit) {

    /** Accepted keys; aliases map to them. */
    public static final List<String> KEYS = List.of("model", "hidden", "dropout", "epochs", "batch-size", "optimizer", "lr",
            "momentum", "nesterov", "rho", "beta1", "beta2", "eps", "weight-decay", "clip-gradient", "lr-schedule",
            "label-smoothing", "val-split", "seed", "limit", "augment");
    private static final Map<String, String> ALIASES = Map.of("batch", "batch-size", "schedule", "lr-schedule");
    /** train's default validation split. */
    private static final double DEFAULT_VAL_SPLIT = 0.1;

    public static Recipe parse(String text) {
        Map<String, String> values = split(text);
        Values v = new Values(text, values);
        TrainingConfig d = TrainingConfig.defaults();
        String optimizer = v.text("optimizer", d.optimizer()).toLowerCase(Locale.ROOT);
        if (!OptimizerFactory.NAMES.contains(optimizer)) {
            throw v.fail("unknown optimizer '" + optimizer + "': use one of " + String.join(", ", OptimizerFactory.NAMES));
        }
        TrainingConfig config;
        LearningRateSchedule schedule;
        try {
            // Early stopping stays off, as in `digits train` without --early-stopping.
            config = new TrainingConfig(v.integer("epochs", d.epochs()), v.integer("batch-size", d.batchSize()),
                    v.longValue("seed", d.seed()), optimizer, v.number("lr", d.learningRate()), v.number("momentum", d.momentum()),
                    v.bool("nesterov", d.nesterov()), v.number("rho", d.rho()), v.number("beta1", d.beta1()),
                    v.number("beta2", d.beta2()), v.number("eps", d.epsilon()), v.number("weight-decay", d.weightDecay()),
                    v.number("clip-gradient", d.clipGradient()), v.text("lr-schedule", d.schedule()),
                    v.number("label-smoothing", d.labelSmoothing()), d.monitor(), d.patience(), d.minDelta(), d.restoreBest(),
                    v.text("augment", d.augment()));
            schedule = LearningRateSchedules.parse(config.schedule(), config.learningRate(), config.epochs());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("--recipe") ? e : v.fail(e.getMessage());
        }
        double valSplit = v.number("val-split", DEFAULT_VAL_SPLIT);
        if (valSplit < 0 || valSplit >= 1) throw v.fail("val-split must be in [0,1), got " + valSplit);
        if (valSplit == 0 && schedule instanceof ReduceOnPlateau && schedule.monitor().needsValidation()) {
            // The training loop would refuse it only after the data is loaded (in a forked JVM: after its start).
            throw v.fail("lr-schedule " + config.schedule() + " monitors " + schedule.monitor() + ", which needs val-split > 0");
        }
        Integer limit = values.containsKey("limit") ? v.integer("limit", 0) : null;
        if (limit != null && limit < 1) throw v.fail("limit must be at least 1, got " + limit);
        Recipe recipe = new Recipe(text.trim(), v.text("model", Architectures.DEFAULT), values.get("hidden"),
                v.number("dropout", 0), config, valSplit, limit);
        try {
            recipe.spec();
        } catch (IllegalArgumentException e) {
            throw v.fail(e.getMessage());
        }
        return recipe;
    }

    /** The recipe's keys and values, aliases resolved; a token without '=' continues the previous value. */
    private static Map<String, String> split(String text) {
        String[] headAndRest = text.split(",", 2);
        String named = Recipes.NAMED.get(headAndRest[0].trim().toLowerCase(Locale.ROOT));
        if (named != null) {
            // A named recipe first: its values, which the keys after it may override.
            Map<String, String> values = split(named);
            if (headAndRest.length > 1) values.putAll(split(headAndRest[1]));
            return values;
        }
        Map<String, String> values = new LinkedHashMap<>();
        String key = null;
        for (String token : text.split(",")) {
            String t = token.trim();
            if (t.isEmpty()) continue;
            int eq = t.indexOf('=');
            if (eq < 0) {
                if (key == null) {
                    throw new Values(text, values).fail("'" + t + "' is not key=value or a named recipe ("
                            + String.join(", ", Recipes.NAMED.keySet()) + ")");
                }
                values.put(key, values.get(key) + "," + t);
                continue;
            }
            String name = t.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String asKey = ALIASES.getOrDefault(name, name);
            if (!KEYS.contains(asKey) && "augment".equals(key)) {
                values.put(key, values.get(key) + "," + t); // an augmentation item: augment=default,elastic=1.5
                continue;
            }
            key = asKey;
            if (!KEYS.contains(key)) {
                throw new Values(text, values).fail("unknown key '" + name + "' (known: " + String.join(", ", KEYS) + ")");
            }
            if (values.containsKey(key)) throw new Values(text, values).fail("'" + key + "' is given twice");
            values.put(key, t.substring(eq + 1).trim());
        }
        return values;
    }

    /** The same recipe with another seed (the text keeps the original: it names the recipe, not the member). */
    public Recipe withSeed(long seed) {
        return new Recipe(text, model, hidden, dropout, config.withSeed(seed), valSplit, limit);
    }

    public ModelSpec spec() {
        return Architectures.resolve(model, hidden, dropout);
    }

    /** The model as named in the recipe ({@code mlp-256-128} for an MLP with hidden sizes). */
    public String modelName() {
        return model.equalsIgnoreCase("mlp") && hidden != null ? "mlp-" + hidden.replace(',', '-') : model;
    }

    /** The training and validation parts of {@code data}, as {@code digits train} makes them. */
    public StratifiedSplit split(Dataset data) {
        Dataset used = limit == null ? data : data.head(limit);
        return StratifiedSplit.split(used, valSplit, config.seed());
    }

    /** Typed access to the values, each error naming the recipe. */
    private record Values(String text, Map<String, String> values) {
        IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException("--recipe '" + text + "': " + problem);
        }

        String text(String key, String fallback) {
            String v = values.get(key);
            return v == null || v.isEmpty() ? fallback : v;
        }

        int integer(String key, int fallback) {
            return (int) longValue(key, fallback);
        }

        long longValue(String key, long fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            try {
                long n = Long.parseLong(v);
                if (!key.equals("seed") && (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE)) throw new NumberFormatException();
                return n;
            } catch (NumberFormatException e) {
                throw fail(key + " '" + v + "' is not a whole number");
            }
        }

        double number(String key, double fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw fail(key + " '" + v + "' is not a number");
            }
        }

        boolean bool(String key, boolean fallback) {
            String v = values.get(key);
            if (v == null) return fallback;
            if (v.equalsIgnoreCase("true")) return true;
            if (v.equalsIgnoreCase("false")) return false;
            throw fail(key + " '" + v + "' is not true or false");
        }
    }
}
