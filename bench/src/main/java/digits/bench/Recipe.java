package digits.bench;

import digits.data.Dataset;
import digits.model.ModelSpec;
import digits.model.TtaViews;
import digits.train.TrainingData;
import digits.train.TrainingRequest;
import digits.train.SettingsText;
import digits.train.TrainingSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A training run for the benchmarks, written as {@link SettingsText} ({@code digits train}'s options without the
 * dashes: {@code model=fast-cnn,epochs=3,lr=0.003,lr-schedule=onecycle,batch-size=128}), or a named recipe of
 * {@link Recipes} with keys that override its values ({@code one-epoch,seed=43}). Keys not given take train's defaults
 * ({@link TrainingSettings}); an unknown key is an error. One key is the benchmark's own: {@code tta} ({@link #TTA_KEY}).
 *
 * @param text    the recipe as given (reported with the results)
 * @param request what it trains, every setting checked
 * @param tta     the test-time augmentation of the recipe's final predictions ({@link TtaViews#NONE}: none)
 */
public record Recipe(String text, TrainingRequest request, TtaViews tta) {
    /**
     * The key that makes test-time augmentation part of the recipe: {@code tta=shifts} (the image and its 8 one-pixel
     * shifts), {@code tta=views} (also the turns and zooms: the 17 views of {@code evaluate --tta} for a model trained
     * with augmentation) or {@code tta=none}.
     */
    public static final String TTA_KEY = "tta";
    /** Train's data options that the benchmarks set themselves: refused rather than ignored. */
    private static final List<String> NOT_RECIPE_KEYS = List.of(TrainingSettings.INPUT.key(), TrainingSettings.TEST.key());
    private static final Map<String, TtaViews> TTA_VALUES = Map.of("none", TtaViews.NONE, "shifts", TtaViews.SHIFTS,
            "views", TtaViews.DEFAULT);

    public static Recipe parse(String text) {
        Map<String, String> values = split(text);
        TtaViews tta = tta(text, values.remove(TTA_KEY));
        for (String key : NOT_RECIPE_KEYS) {
            if (values.containsKey(key)) {
                throw new Values(text, values).fail("'" + key + "' is not a recipe key: the benchmarks train on MNIST's "
                        + "training digits (limit= cuts them, add= adds digits) and test on its test set");
            }
        }
        TrainingRequest.Builder builder = TrainingRequest.builder();
        try {
            values.forEach(builder::parse);
            TrainingRequest request = builder.build();
            Path added = request.added();
            // read only when a section trains: a missing file is refused now, before any section runs
            if (added != null && !Files.exists(added)) {
                throw new IllegalArgumentException("add: no such file or directory: " + added);
            }
            return new Recipe(text.trim(), request, tta);
        } catch (IllegalArgumentException e) {
            throw new Values(text, values).fail(e.getMessage());
        }
    }

    private static TtaViews tta(String text, String value) {
        if (value == null) return TtaViews.NONE;
        TtaViews views = TTA_VALUES.get(value.trim().toLowerCase(Locale.ROOT));
        if (views == null) throw new Values(text, Map.of()).fail("tta '" + value + "' is not none, shifts or views");
        return views;
    }

    /** The recipe's keys and values ({@link SettingsText}), after those of the named recipe it starts with. */
    private static Map<String, String> split(String text) {
        String[] headAndRest = text.split(",", 2);
        String head = headAndRest[0].trim();
        String named = Recipes.NAMED.get(head.toLowerCase(Locale.ROOT));
        if (named == null && !head.isEmpty() && !head.contains("=")) {
            throw new Values(text, Map.of()).fail("'" + head + "' is not key=value or a named recipe ("
                    + String.join(", ", Recipes.NAMED.keySet()) + ")");
        }
        try {
            if (named == null) return SettingsText.split(text, List.of(TTA_KEY));
            // A named recipe first: its values, which the keys after it may override.
            Map<String, String> values = SettingsText.split(named, List.of(TTA_KEY));
            if (headAndRest.length > 1) values.putAll(SettingsText.split(headAndRest[1], List.of(TTA_KEY)));
            return values;
        } catch (IllegalArgumentException e) {
            throw new Values(text, Map.of()).fail(e.getMessage());
        }
    }

    /** The same recipe with another seed (the text keeps the original: it names the recipe, not the member). */
    public Recipe withSeed(long seed) {
        return new Recipe(text, request.with(TrainingSettings.SEED, seed), tta);
    }

    public ModelSpec spec() {
        return request.modelSpec();
    }

    public String modelName() {
        return request.modelName();
    }

    /**
     * The recipe's data from these training images (cut to its limit), split as {@code digits train} splits it, with the
     * digits its {@code add} names.
     */
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
