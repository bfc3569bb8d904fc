package digits.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph being built: nodes in order, constant tensors (initializers), and at the end the model file around it.
 * Field numbers are those of onnx.proto; only the fields this exporter writes are named.
 */
final class OnnxGraph {
    /** The operator set the graph is written for (ONNX 1.12); the tests run it with ONNX Runtime 1.23.2. */
    static final int OPSET = 17;
    /** The file format version that goes with opset 17 (ONNX 1.12). */
    static final int IR_VERSION = 8;

    private static final int FLOAT = 1, INT64 = 7; // TensorProto.DataType
    private static final int ATTRIBUTE_FLOAT = 1, ATTRIBUTE_INT = 2, ATTRIBUTE_INTS = 7; // AttributeProto.AttributeType

    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** A tensor name not used before: {@code base}, or {@code base_2}, {@code base_3}, ... */
    String name(String base) {
        String name = base;
        for (int n = 2; !names.add(name); n++) name = base + "_" + n;
        return name;
    }

    /** A constant float32 tensor of shape {@code dims} (row-major values); returns its name. */
    String constant(String base, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return initializer(base, dims, FLOAT, raw.array());
    }

    /** A constant int64 tensor of shape {@code dims} (shapes and axes, which operators take as inputs); returns its name. */
    String constant(String base, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return initializer(base, dims, INT64, raw.array());
    }

    private String initializer(String base, long[] dims, int dataType, byte[] littleEndian) {
        String name = name(base);
        ProtoMessage tensor = new ProtoMessage();
        for (long d : dims) tensor.int64(1, d); // dims
        tensor.int64(2, dataType); // data_type
        tensor.string(8, name); // name
        tensor.bytes(9, littleEndian); // raw_data: little-endian, as onnx.proto requires
        initializers.add(tensor);
        return name;
    }

    /** Appends a node computing {@code output} (a name from {@link #name}) from {@code inputs}. */
    void node(String op, List<String> inputs, String output, ProtoMessage... attributes) {
        ProtoMessage node = new ProtoMessage();
        for (String input : inputs) node.string(1, input); // input
        node.string(2, output); // output
        node.string(3, output); // name: the node is named after what it computes
        node.string(4, op); // op_type
        for (ProtoMessage attribute : attributes) node.message(5, attribute); // attribute
        nodes.add(node);
    }

    static ProtoMessage attribute(String name, long... ints) {
        ProtoMessage a = new ProtoMessage().string(1, name).int64(20, ATTRIBUTE_INTS);
        for (long i : ints) a.int64(8, i); // ints
        return a;
    }

    static ProtoMessage attribute(String name, long value) {
        return new ProtoMessage().string(1, name).int64(20, ATTRIBUTE_INT).int64(3, value); // i
    }

    static ProtoMessage attribute(String name, float value) {
        return new ProtoMessage().string(1, name).int64(20, ATTRIBUTE_FLOAT).float32(2, value); // f
    }

    /**
     * The model file: this graph with one float32 input of shape {@code [N, inputDims...]} and one float32 output of
     * shape {@code [N, outputDims...]}, where N (the batch) is left open.
     */
    byte[] model(String graphName, String input, long[] inputDims, String output, long[] outputDims,
                 String producerVersion, String doc, Map<String, String> metadata) {
        ProtoMessage graph = new ProtoMessage();
        for (ProtoMessage node : nodes) graph.message(1, node); // node
        graph.string(2, graphName); // name
        for (ProtoMessage tensor : initializers) graph.message(5, tensor); // initializer
        graph.message(11, valueInfo(input, inputDims)); // input
        graph.message(12, valueInfo(output, outputDims)); // output

        ProtoMessage model = new ProtoMessage();
        model.int64(1, IR_VERSION); // ir_version
        model.string(2, "digits"); // producer_name
        model.string(3, producerVersion); // producer_version
        model.string(6, doc); // doc_string
        model.message(7, graph); // graph
        model.message(8, new ProtoMessage().string(1, "").int64(2, OPSET)); // opset_import: the default domain
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            model.message(14, new ProtoMessage().string(1, e.getKey()).string(2, e.getValue())); // metadata_props
        }
        return model.toByteArray();
    }

    /** ValueInfoProto of a float32 tensor {@code [N, dims...]}. */
    private static ProtoMessage valueInfo(String name, long[] dims) {
        ProtoMessage shape = new ProtoMessage().message(1, new ProtoMessage().string(2, "N")); // dim: dim_param
        for (long d : dims) shape.message(1, new ProtoMessage().int64(1, d)); // dim: dim_value
        ProtoMessage tensorType = new ProtoMessage().int64(1, FLOAT).message(2, shape); // elem_type, shape
        ProtoMessage type = new ProtoMessage().message(1, tensorType); // tensor_type
        return new ProtoMessage().string(1, name).message(2, type);
    }
}
