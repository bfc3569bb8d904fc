package digits.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network architecture as a list of layers, parsed from and printed as a spec string
 * (see {@link LayerSpec} for the grammar). The last layer is always {@code Dense(10)}: the ten class logits.
 */
public record ModelSpec(List<LayerSpec> layers) {
    private static final Pattern CONV = Pattern.compile("(\\d+)C(\\d+)(?:S(\\d+))?(valid|same)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern POOL = Pattern.compile("P(\\d*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROPOUT = Pattern.compile("D(0?\\.\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DENSE = Pattern.compile("\\d+");

    public ModelSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty() || !(layers.get(layers.size() - 1) instanceof LayerSpec.Dense last) || last.units() != 10) {
            throw new IllegalArgumentException("model spec must end with the 10-unit output layer, e.g. '...-10'");
        }
    }

    public static ModelSpec parse(String spec) {
        String s = spec.trim();
        if (s.isEmpty()) throw new IllegalArgumentException("empty model spec");
        List<LayerSpec> layers = new ArrayList<>();
        boolean flat = false;
        for (String raw : s.split("-", -1)) {
            String t = raw.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("model spec '" + spec + "': an empty layer (a dash at an end, or two dashes)");
            }
            LayerSpec layer = parseToken(t, spec);
            if (flat && (layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.MaxPool || layer instanceof LayerSpec.GlobalAvgPool)) {
                throw new IllegalArgumentException("model spec '" + spec + "': '" + t + "' cannot follow a dense or pooled-to-vector layer");
            }
            if (layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.GlobalAvgPool) flat = true;
            layers.add(layer);
        }
        return new ModelSpec(layers);
    }

    private static LayerSpec parseToken(String t, String spec) {
        Matcher m;
        if ((m = CONV.matcher(t)).matches()) {
            int filters = positive(m.group(1), t, spec);
            int kernel = positive(m.group(2), t, spec);
            int stride = m.group(3) == null ? 1 : positive(m.group(3), t, spec);
            boolean same = m.group(4) == null || m.group(4).equalsIgnoreCase("same");
            return new LayerSpec.Conv(filters, kernel, stride, same);
        }
        if ((m = POOL.matcher(t)).matches()) {
            return new LayerSpec.MaxPool(m.group(1).isEmpty() ? 2 : positive(m.group(1), t, spec));
        }
        if ((m = DROPOUT.matcher(t)).matches()) {
            double rate = Double.parseDouble(m.group(1));
            if (rate >= 1) throw new IllegalArgumentException("model spec '" + spec + "': dropout rate in '" + t + "' must be below 1");
            return new LayerSpec.Dropout(rate);
        }
        if (t.equalsIgnoreCase("BN")) return new LayerSpec.BatchNorm();
        if (t.equalsIgnoreCase("GAP")) return new LayerSpec.GlobalAvgPool();
        if (DENSE.matcher(t).matches()) return new LayerSpec.Dense(positive(t, t, spec));
        throw new IllegalArgumentException("model spec '" + spec + "': unknown layer '" + t
                + "' (expected e.g. 32C3, 64C5S2, 256C3valid, P, D.25, BN, GAP, 128)");
    }

    private static int positive(String digits, String token, String spec) {
        try {
            int v = Integer.parseInt(digits);
            if (v > 0 && v <= 65536) return v;
        } catch (NumberFormatException ignored) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("model spec '" + spec + "': '" + token + "' needs sizes between 1 and 65536");
    }

    /** A multi-layer perceptron with the given hidden sizes (scikit-learn's {@code hidden_layer_sizes}). */
    public static ModelSpec mlp(int[] hidden, double dropout) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int h : hidden) {
            if (h <= 0) throw new IllegalArgumentException("hidden layer sizes must be positive, got " + h);
            layers.add(new LayerSpec.Dense(h));
            if (dropout > 0) layers.add(new LayerSpec.Dropout(dropout));
        }
        layers.add(new LayerSpec.Dense(10));
        return new ModelSpec(layers);
    }

    /** Whether a layer normalises over the batch (it then needs at least 2 images per training batch). */
    public boolean hasBatchNorm() {
        return layers.stream().anyMatch(l -> l instanceof LayerSpec.BatchNorm);
    }

    public boolean isConvolutional() {
        return layers.stream().anyMatch(l -> l instanceof LayerSpec.Conv);
    }

    /** The canonical spec string, e.g. {@code 32C5-32C5-P-D.25-256-10}; parsing it gives an equal spec. */
    @Override
    public String toString() {
        return String.join("-", layers.stream().map(LayerSpec::token).toList());
    }
}
