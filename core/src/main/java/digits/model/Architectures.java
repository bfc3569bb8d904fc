package digits.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named architectures: the models of our users' notebooks, by the names the CLI accepts for {@code --model}. */
public final class Architectures {
    /** The default hidden sizes of {@code --model mlp}. */
    public static final String DEFAULT_MLP_HIDDEN = "256,128,64,32";
    /** The layer spec that help and error messages show as an example. */
    private static final String EXAMPLE_SPEC = "32C3-P-128-10";

    private static final Map<String, String> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("logistic", "10");
        // The most-forked Kaggle "Digit Recognizer" CNN (Keras, 887,530 parameters).
        PRESETS.put("kaggle-cnn", "32C5-32C5-P-D.25-64C3-64C3-P-D.25-256-D.5-10");
        // The deeper notebook CNN (5,259,594 parameters).
        PRESETS.put("deep-cnn", "64C3-64C3-P-128C3-256C3valid-P-512-D.5-256-D.5-10");
        // Batch-normalised CNN with strided convolutions instead of pooling (Deotte, "How to choose CNN architecture MNIST").
        PRESETS.put("bn-cnn", "32C3-BN-32C3-BN-32C5S2-BN-D.4-64C3-BN-64C3-BN-64C5S2-BN-D.4-128-BN-D.4-10");
        // A strided 5x5 stem halves the image before the expensive 3x3 layer, so a training step costs a fraction of
        // the Kaggle CNN's; the default before quick-cnn (its speed and accuracy: docs/benchmark.md, "The presets").
        PRESETS.put("fast-cnn", "32C5S2-BN-64C3-BN-P-128-BN-D.3-10");
        // fast-cnn with a third convolution (128 filters at 7x7) before the dense layer: slower per epoch, more
        // capacity for long augmented runs (docs/benchmark.md, "The presets").
        PRESETS.put("mid-cnn", "32C5S2-BN-64C3-BN-P-128C3-BN-P-128-BN-D.3-10");
        // The default: convolutions without padding ("valid") shrink the maps at every layer (28 -> 12 -> 10 -> 4), so
        // a step costs less than fast-cnn's while a third convolution adds depth; it is what reaches 99% in one short
        // epoch (docs/benchmark.md, "The presets").
        PRESETS.put("quick-cnn", "32C5S2valid-BN-32C3valid-BN-64C3S2valid-BN-128-BN-10");
        // quick-cnn at 1.5x the width: for long augmented runs, where quick-cnn's capacity runs out (docs/benchmark.md,
        // "The presets").
        PRESETS.put("wide-cnn", "48C5S2valid-BN-48C3valid-BN-96C3S2valid-BN-192-BN-10");
    }

    public static final String DEFAULT = "quick-cnn";

    /** The multi-layer perceptron: not a fixed spec, its layers come from {@code --hidden}. */
    public static final String MLP = "mlp";

    private Architectures() {}

    /** Preset names with their spec strings, in the order they are listed ({@code mlp} has no fixed spec: not here). */
    public static Map<String, String> presets() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(PRESETS));
    }

    /** The presets with a fixed spec string, in order ({@link #presetNames} adds {@code mlp}). */
    public static Iterable<String> names() {
        return PRESETS.keySet();
    }

    /**
     * Every name {@link #resolve} accepts instead of a layer spec, in the order help lists them: logistic, mlp, then the
     * CNNs. Help texts and error messages are built from this, so a new preset shows up in them by itself.
     */
    public static List<String> presetNames() {
        List<String> names = new ArrayList<>(PRESETS.keySet());
        names.add(1, MLP); // after logistic: the two models without convolutions first
        return List.copyOf(names);
    }

    /**
     * One line for a {@code --model} option's help: the preset names, or a layer spec, e.g.
     * {@code "logistic, mlp, kaggle-cnn, ..., wide-cnn, or a layer spec such as 32C3-P-128-10"}.
     */
    public static String presetHelp() {
        return String.join(", ", presetNames()) + ", or a layer spec such as " + EXAMPLE_SPEC;
    }

    /**
     * Resolves a {@code --model} value: a preset name, {@code mlp} (with {@code hidden} sizes and dropout), or a spec string.
     */
    public static ModelSpec resolve(String model, String hidden, double dropout) {
        String m = model.trim();
        if (m.equalsIgnoreCase(MLP)) {
            return ModelSpec.mlp(parseHidden(hidden == null ? DEFAULT_MLP_HIDDEN : hidden), dropout);
        }
        String preset = PRESETS.get(m.toLowerCase(java.util.Locale.ROOT));
        if (preset != null) return ModelSpec.parse(preset);
        if (m.matches("[A-Za-z-]+") && !m.equalsIgnoreCase("BN") && !m.equalsIgnoreCase("GAP")) {
            throw new IllegalArgumentException("unknown model '" + m + "': use one of "
                    + String.join(", ", presetNames()) + " or a layer spec such as " + EXAMPLE_SPEC);
        }
        return ModelSpec.parse(m);
    }

    /** Parses scikit-learn style hidden sizes: {@code 10,20,10}. */
    public static int[] parseHidden(String hidden) {
        String h = hidden.trim();
        if (h.isEmpty()) return new int[0];
        String[] parts = h.split("[,\\s]+");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hidden layer sizes '" + hidden + "': '" + parts[i] + "' is not a layer size");
            }
            if (sizes[i] <= 0) throw new IllegalArgumentException("hidden layer sizes '" + hidden + "': layer sizes must be positive");
        }
        return sizes;
    }
}
