package digits.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training settings written as one text, as {@code digits train}'s options without the dashes:
 * {@code model=fast-cnn,epochs=3,lr=0.003,lr-schedule=onecycle}. The keys are those of {@link TrainingSettings}
 * ({@code batch} and {@code schedule} also name {@code batch-size} and {@code lr-schedule}). A value may contain commas
 * ({@code hidden=256,128}): text up to the next {@code key=} belongs to the value before it, and so do augmentation
 * items after {@code augment} ({@code augment=default,elastic=1.5}). Inside a schedule write options with colons
 * ({@code plateau:factor=0.5:patience=2}). Bench recipes and ensemble members are written so.
 */
public final class SettingsText {
    /** Other names the text accepts for some keys. */
    private static final Map<String, String> ALIASES = Map.of("batch", "batch-size", "schedule", "lr-schedule");

    private SettingsText() {}

    /**
     * The keys and values, aliases resolved, in the order given.
     *
     * @throws IllegalArgumentException naming the token: an unknown key, a key given twice, text before the first key
     */
    public static Map<String, String> split(String text) {
        return split(text, List.of());
    }

    /** As {@link #split(String)}, where {@code otherKeys} (a caller's own, not training settings) are known too. */
    public static Map<String, String> split(String text, Collection<String> otherKeys) {
        Map<String, String> values = new LinkedHashMap<>();
        String key = null;
        for (String token : text.split(",")) {
            String t = token.trim();
            if (t.isEmpty()) continue;
            int eq = t.indexOf('=');
            if (eq < 0) {
                if (key == null) throw new IllegalArgumentException("'" + t + "' is not key=value");
                values.put(key, values.get(key) + "," + t);
                continue;
            }
            String name = t.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String asKey = ALIASES.getOrDefault(name, name);
            boolean known = TrainingSettings.byKey(asKey) != null || otherKeys.contains(asKey);
            if (!known && "augment".equals(key)) {
                values.put(key, values.get(key) + "," + t); // an augmentation item: augment=default,elastic=1.5
                continue;
            }
            key = asKey;
            if (!known) {
                List<String> keys = new ArrayList<>(TrainingSettings.keys());
                keys.addAll(otherKeys);
                throw new IllegalArgumentException("unknown key '" + name + "' (known: " + String.join(", ", keys) + ")");
            }
            if (values.containsKey(key)) throw new IllegalArgumentException("'" + key + "' is given twice");
            values.put(key, t.substring(eq + 1).trim());
        }
        return values;
    }

    /** {@code base} with the text's settings over it, every setting and the whole request checked. */
    public static TrainingRequest over(TrainingRequest base, String text) {
        TrainingRequest.Builder builder = base.toBuilder();
        split(text).forEach(builder::parse);
        return builder.build();
    }
}
