package digits.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import digits.data.Dataset;
import digits.io.AtomicFiles;
import digits.model.DigitModel;
import digits.model.Ensemble;
import digits.model.LayerSpec;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;
import digits.model.Models;
import digits.model.NetworkBuilder;
import digits.model.Versions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a model or ensemble directory as an ONNX file, to run it without Java (ONNX Runtime in Python, in a browser
 * with onnxruntime-web, ...). The graph computes what {@link DigitModel#probabilities} does: the same layers with the
 * trained parameters, batch normalisation with its running statistics, dropout left out (it is off at inference). An
 * ensemble becomes one graph that averages its members' probabilities with their weights, as {@code Ensemble} does.
 * The file's metadata says how to prepare the input and what the output means.
 */
public final class OnnxExport {
    /** The ONNX operator set of the exported graphs. */
    public static final int OPSET = OnnxGraph.OPSET;
    /** The graph's input: float32 images {@code [N, 1, 28, 28]}, pixel / 255. */
    public static final String INPUT = "image";
    private static final long[] IMAGE_DIMS = {1, Dataset.ROWS, Dataset.COLS};

    /** What the graph outputs, {@code [N, 10]} float32, one row per image, column i for digit i. */
    public enum Output {
        /** Softmax probabilities (the default; what {@code digits predict} reports). */
        PROBABILITIES,
        /** The last layer's raw scores before softmax; a single model only (an ensemble averages probabilities). */
        LOGITS;

        /** The output's name in the graph: {@code probabilities} or {@code logits}. */
        public String tensorName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What an export wrote: the file, its size, the model's id, and how many networks the graph holds. */
    public record Written(Path file, long bytes, String modelId, int networks) {}

    private OnnxExport() {}

    /**
     * Exports the model or ensemble in {@code modelDir} to {@code file}, replacing it atomically. The output path is
     * checked before the model is loaded, so a path that cannot be written fails at once.
     */
    public static Written export(Path modelDir, Path file, Output output) {
        AtomicFiles.checkWritable(file);
        try (Models.Networks networks = Models.networks(modelDir)) {
            byte[] onnx = bytes(networks, output);
            AtomicFiles.write(file, out -> out.write(onnx));
            return new Written(file, onnx.length, Models.id(networks.descriptor()), networks.members().size());
        }
    }

    /** The ONNX file of loaded networks; a network that deskews its images reads them straightened by the graph. */
    public static byte[] bytes(Models.Networks networks, Output output) {
        if (networks.isEnsemble() && output == Output.LOGITS) {
            throw new IllegalArgumentException("an ensemble's output is its members' averaged probabilities; "
                    + "logits can be exported from a single model only");
        }
        OnnxGraph graph = new OnnxGraph();
        String image = graph.name(INPUT);
        String result = graph.name(output.tensorName());
        List<ModelStore.Loaded> members = networks.members();
        // One straightening of the input, shared by every network that reads its images deskewed.
        String straightened = members.stream().anyMatch(m -> m.model().deskews()) ? OnnxDeskew.straighten(graph, image) : null;
        if (!networks.isEnsemble()) {
            DigitModel model = members.get(0).model();
            String input = model.deskews() ? straightened : image;
            if (output == Output.LOGITS) {
                network(graph, model, input, "", result);
            } else {
                graph.node("Softmax", List.of(network(graph, model, input, "", graph.name("logits"))), result,
                        OnnxGraph.attribute("axis", 1L));
            }
        } else {
            double[] weights = Ensemble.normalised(networks.weights());
            List<String> weighted = new ArrayList<>();
            for (int m = 0; m < members.size(); m++) {
                String prefix = "member" + (m + 1) + "/";
                DigitModel model = members.get(m).model();
                String logits = network(graph, model, model.deskews() ? straightened : image, prefix, graph.name(prefix + "logits"));
                String probabilities = graph.name(prefix + "probabilities");
                graph.node("Softmax", List.of(logits), probabilities, OnnxGraph.attribute("axis", 1L));
                String weight = graph.constant(prefix + "weight", new long[0], new float[]{(float) weights[m]});
                String product = graph.name(prefix + "weighted");
                graph.node("Mul", List.of(probabilities, weight), product);
                weighted.add(product);
            }
            graph.node("Sum", weighted, result);
        }
        ModelDescriptor d = networks.descriptor();
        return graph.model(d.name(), image, IMAGE_DIMS, result, new long[]{Dataset.CLASSES}, Versions.DIGITS,
                "digits model " + Models.id(d) + " (" + d.architecture() + ")", metadata(d, output));
    }

    /** The file's metadata_props: enough to use the model without this tool's documentation at hand. */
    private static Map<String, String> metadata(ModelDescriptor d, Output output) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model_id", Models.id(d));
        m.put("architecture", d.architecture());
        m.put("preprocessing", "input '" + INPUT + "': float32 [N,1,28,28] (NCHW), " + d.input().describe()
                + " (values in [0,1]), digit centred as in MNIST");
        m.put("output", output == Output.PROBABILITIES
                ? "'probabilities': float32 [N,10], softmax over the labels (each row sums to 1)"
                : "'logits': float32 [N,10], scores before softmax");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < Dataset.CLASSES; i++) labels.add(Integer.toString(i));
        m.put("labels", String.join(",", labels));
        m.put("digits_version", Versions.DIGITS);
        return m;
    }

    /**
     * Appends one network's nodes, reading {@code input} and writing its logits to {@code logits}; returns
     * {@code logits}. Walks {@link NetworkBuilder#steps} beside the network's blocks: one block per step.
     */
    private static String network(OnnxGraph graph, DigitModel model, String input, String prefix, String logits) {
        List<NetworkBuilder.Step> steps = NetworkBuilder.steps(model.spec());
        List<Block> blocks = model.block().getChildren().values();
        if (blocks.size() != steps.size()) {
            throw new IllegalStateException("network of " + model.spec() + " has " + blocks.size() + " blocks, expected " + steps.size());
        }
        String x = input;
        for (int i = 0; i < steps.size(); i++) {
            String out = i == steps.size() - 1 ? logits : null;
            x = step(graph, steps.get(i), blocks.get(i), x, prefix + "layer" + i + "/", out);
        }
        return x;
    }

    /** Appends the node(s) of one step; returns the name of its output ({@code out} when not null). */
    private static String step(OnnxGraph graph, NetworkBuilder.Step step, Block block, String x, String prefix, String out) {
        if (step instanceof NetworkBuilder.Step.Relu) {
            return node(graph, "Relu", List.of(x), prefix, out);
        }
        if (step instanceof NetworkBuilder.Step.Flatten) {
            // DJL's batch flatten reshapes (N, C, H, W) to (N, C*H*W) in C, H, W order, as ONNX's Flatten does.
            return node(graph, "Flatten", List.of(x), prefix, out, OnnxGraph.attribute("axis", 1L));
        }
        LayerSpec layer = ((NetworkBuilder.Step.Layer) step).layer();
        if (layer instanceof LayerSpec.Conv c) {
            long p = c.padding();
            return node(graph, "Conv", List.of(x, param(graph, block, "weight", prefix), param(graph, block, "bias", prefix)),
                    prefix, out, OnnxGraph.attribute("kernel_shape", c.kernel(), c.kernel()),
                    OnnxGraph.attribute("strides", c.stride(), c.stride()), OnnxGraph.attribute("pads", p, p, p, p));
        }
        if (layer instanceof LayerSpec.MaxPool pool) {
            // DJL's max pooling: window = stride = size, no padding, the last partial window dropped (ONNX's ceil_mode 0)
            return node(graph, "MaxPool", List.of(x), prefix, out, OnnxGraph.attribute("kernel_shape", pool.size(), pool.size()),
                    OnnxGraph.attribute("strides", pool.size(), pool.size()));
        }
        if (layer instanceof LayerSpec.Dropout) {
            return x; // off at inference: the identity
        }
        if (layer instanceof LayerSpec.BatchNorm) {
            // Inference mode: the running mean and variance, with the network's epsilon.
            List<String> inputs = List.of(x, param(graph, block, "gamma", prefix), param(graph, block, "beta", prefix),
                    param(graph, block, "runningMean", prefix), param(graph, block, "runningVar", prefix));
            return node(graph, "BatchNormalization", inputs, prefix, out,
                    OnnxGraph.attribute("epsilon", NetworkBuilder.BATCH_NORM_EPSILON));
        }
        if (layer instanceof LayerSpec.GlobalAvgPool) {
            // ONNX keeps (N, C, 1, 1); DJL's global pooling gives (N, C), which the next layers expect.
            String pooled = node(graph, "GlobalAveragePool", List.of(x), prefix, null);
            return node(graph, "Flatten", List.of(pooled), prefix, out, OnnxGraph.attribute("axis", 1L));
        }
        if (layer instanceof LayerSpec.Dense) {
            // DJL's Linear: x W^T + b, W of shape (units, inputs).
            return node(graph, "Gemm", List.of(x, param(graph, block, "weight", prefix), param(graph, block, "bias", prefix)),
                    prefix, out, OnnxGraph.attribute("transB", 1L));
        }
        throw new IllegalStateException("no ONNX form for layer " + layer);
    }

    /** Appends one node; its output is {@code out}, or when null a new name after the operator. */
    private static String node(OnnxGraph graph, String op, List<String> inputs, String prefix, String out,
                               ProtoMessage... attributes) {
        String output = out != null ? out : graph.name(prefix + op.toLowerCase(Locale.ROOT));
        graph.node(op, inputs, output, attributes);
        return output;
    }

    /** A block's parameter as a constant of the graph; returns its name. */
    private static String param(OnnxGraph graph, Block block, String name, String prefix) {
        Parameter parameter = block.getParameters().get(name);
        if (parameter == null || !parameter.isInitialized()) {
            throw new IllegalStateException("block " + block + " has no parameter '" + name + "'");
        }
        NDArray array = parameter.getArray();
        return graph.constant(prefix + name, array.getShape().getShape(), array.toFloatArray());
    }
}
