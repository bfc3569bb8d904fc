package digits.bench;

import digits.data.Dataset;
import digits.model.ModelSpec;
import digits.train.TrainingData;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A training run for the benchmarks, written like {@code digits train}'s options without the dashes:
 * {@code model=fast-cnn,epochs=3,lr=0.003,lr-schedule=onecycle,batch-size=128}, or a named recipe of {@link Recipes}
 * with keys that override its values ({@code one-epoch,seed=43}). The keys are the training settings
 * ({@link TrainingSettings}); keys not given take train's defaults; an unknown key is an error. A value may contain
 * commas ({@code hidden=256,128}): text up to the next {@code key=} belongs to the value before it, and so do
 * augmentation items after {@code augment} ({@code augment=default,elastic=1.5}).
 * Inside a schedule write options with colons ({@code plateau:factor=0.5:patience=2}).
 *
 * @param text    the recipe as given (reported with the results)
 * @param request what it trains, every setting checked
 */
public record Recipe(String text, TrainingRequest request) {

    /** Other names recipes accept for some keys. */
    private static final Map<String, String> ALIASES = Map.of("batch", "batch-size", "schedule", "lr-schedule");

    public static Recipe parse(String text) {
        Map<String, String> values = split(text);
        TrainingRequest.Builder builder = TrainingRequest.builder();
        try {
            values.forEach(builder::parse);
            return new Recipe(text.trim(), builder.build());
        } catch (IllegalArgumentException e) {
            throw new Values(text, values).fail(e.getMessage());
        }
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
            if (TrainingSettings.byKey(asKey) == null && "augment".equals(key)) {
                values.put(key, values.get(key) + "," + t); // an augmentation item: augment=default,elastic=1.5
                continue;
            }
            key = asKey;
            if (TrainingSettings.byKey(key) == null) {
                throw new Values(text, values).fail("unknown key '" + name + "' (known: " + String.join(", ", TrainingSettings.keys()) + ")");
            }
            if (values.containsKey(key)) throw new Values(text, values).fail("'" + key + "' is given twice");
            values.put(key, t.substring(eq + 1).trim());
        }
        return values;
    }

    /** The same recipe with another seed (the text keeps the original: it names the recipe, not the member). */
    public Recipe withSeed(long seed) {
        return new Recipe(text, request.with(TrainingSettings.SEED, seed));
    }

    public ModelSpec spec() {
        return request.modelSpec();
    }

    public String modelName() {
        return request.modelName();
    }

    /** The recipe's data from these training images (cut to its limit), split as {@code digits train} splits it. */
    public TrainingData data(Dataset train) {
        return TrainingData.of(request, request.limit() == null ? train : train.head(request.limit()), null);
    }

    /** Errors naming the recipe. */
    private record Values(String text, Map<String, String> values) {
        IllegalArgumentException fail(String problem) {
            return new IllegalArgumentException("--recipe '" + text + "': " + problem);
        }
    }
}
