package digits.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras-style {@code model.summary()}: one row per layer with its output shape and parameter count.
 * Shapes are channels-first as the engine stores them: {@code (None, channels, height, width)}.
 * Computed from the spec alone, so it needs no engine; a test checks it against the built network.
 */
public final class ModelSummary {

    public record Row(String name, String type, String outputShape, long params, long nonTrainable) {}

    private final List<Row> rows;
    private final long totalParams;
    private final long nonTrainableParams;
    private final long activationsPerImage;

    private ModelSummary(List<Row> rows, long activationsPerImage) {
        this.rows = List.copyOf(rows);
        this.activationsPerImage = activationsPerImage;
        this.totalParams = rows.stream().mapToLong(Row::params).sum();
        this.nonTrainableParams = rows.stream().mapToLong(Row::nonTrainable).sum();
    }

    public static ModelSummary of(ModelSpec spec) {
        List<Row> rows = new ArrayList<>();
        long activations = 0;
        Map<String, Integer> seen = new HashMap<>();
        int c = 1, h = 28, w = 28;
        boolean flat = false;
        int features = 0;
        for (LayerSpec layer : spec.layers()) {
            if (layer instanceof LayerSpec.Dense && !flat) {
                features = c * h * w;
                flat = true;
                rows.add(new Row(name("flatten", seen), "Flatten", shape(features), 0, 0));
            }
            if (layer instanceof LayerSpec.Conv conv) {
                int oh = (h + 2 * conv.padding() - conv.kernel()) / conv.stride() + 1;
                int ow = (w + 2 * conv.padding() - conv.kernel()) / conv.stride() + 1;
                if (oh < 1 || ow < 1) throw tooSmall(spec, layer, h, w);
                long params = (long) conv.filters() * c * conv.kernel() * conv.kernel() + conv.filters();
                c = conv.filters();
                h = oh;
                w = ow;
                rows.add(new Row(name("conv2d", seen), "Conv2D", shape(c, h, w), params, 0));
            } else if (layer instanceof LayerSpec.MaxPool p) {
                if (h / p.size() < 1 || w / p.size() < 1) throw tooSmall(spec, layer, h, w);
                h /= p.size();
                w /= p.size();
                rows.add(new Row(name("max_pooling2d", seen), "MaxPooling2D", shape(c, h, w), 0, 0));
            } else if (layer instanceof LayerSpec.GlobalAvgPool) {
                features = c;
                flat = true;
                rows.add(new Row(name("global_average_pooling2d", seen), "GlobalAveragePooling2D", shape(c), 0, 0));
            } else if (layer instanceof LayerSpec.Dropout) {
                rows.add(new Row(name("dropout", seen), "Dropout", flat ? shape(features) : shape(c, h, w), 0, 0));
            } else if (layer instanceof LayerSpec.BatchNorm) {
                int channels = flat ? features : c;
                // gamma and beta are trained; the running mean and variance are not (Keras counts all four).
                rows.add(new Row(name("batch_normalization", seen), "BatchNormalization",
                        flat ? shape(features) : shape(c, h, w), 4L * channels, 2L * channels));
            } else if (layer instanceof LayerSpec.Dense d) {
                long params = (long) features * d.units() + d.units();
                features = d.units();
                rows.add(new Row(name("dense", seen), "Dense", shape(features), params, 0));
            }
            activations += flat ? features : (long) c * h * w;
        }
        return new ModelSummary(rows, activations);
    }

    private static IllegalArgumentException tooSmall(ModelSpec spec, LayerSpec layer, int h, int w) {
        return new IllegalArgumentException("model spec '" + spec + "': layer " + layer.token() + " gets a " + h + "x" + w
                + " input, too small for it");
    }

    private static String name(String base, Map<String, Integer> seen) {
        int n = seen.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + (n - 1);
    }

    private static String shape(int... dims) {
        StringBuilder b = new StringBuilder("(None");
        for (int d : dims) b.append(", ").append(d);
        return b.append(')').toString();
    }

    public List<Row> rows() { return rows; }

    public long totalParams() { return totalParams; }

    /** Values the layers output for one image, summed over layers (what a forward pass keeps for the backward one). */
    public long activationsPerImage() { return activationsPerImage; }

    public long trainableParams() { return totalParams - nonTrainableParams; }

    public long nonTrainableParams() { return nonTrainableParams; }

    /** The table as Keras prints it. */
    public String format(String modelName) {
        int nameWidth = Math.max(28, rows.stream().mapToInt(r -> r.name().length() + r.type().length() + 3).max().orElse(0) + 2);
        int shapeWidth = Math.max(22, rows.stream().mapToInt(r -> r.outputShape().length()).max().orElse(0) + 2);
        int width = nameWidth + shapeWidth + 14;
        String heavy = "=".repeat(width);
        String light = "-".repeat(width);
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(modelName).append("\"\n").append(light).append('\n');
        b.append(pad("Layer (type)", nameWidth)).append(pad("Output Shape", shapeWidth)).append("Param #\n");
        b.append(heavy).append('\n');
        b.append(pad("input (InputLayer)", nameWidth)).append(pad("(None, 1, 28, 28)", shapeWidth)).append("0\n");
        for (Row r : rows) {
            b.append(pad(r.name() + " (" + r.type() + ")", nameWidth)).append(pad(r.outputShape(), shapeWidth))
                    .append(String.format(Locale.ROOT, "%,d", r.params())).append('\n');
        }
        b.append(heavy).append('\n');
        b.append(String.format(Locale.ROOT, "Total params: %,d%n", totalParams));
        b.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainableParams()));
        b.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", nonTrainableParams));
        b.append(light).append('\n');
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
