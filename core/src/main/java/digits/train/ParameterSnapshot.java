package digits.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of every parameter (batch-norm running statistics included) in Java memory, restored in place so the
 * trainer's parameter arrays and the optimizer's state stay attached. Used for "restore best weights".
 */
final class ParameterSnapshot {
    private static final String MAGIC = "digits-parameters-1";
    private static final int MAX_VALUES = 1 << 28;
    private final Map<String, float[]> values = new LinkedHashMap<>();

    static ParameterSnapshot of(Block block) {
        ParameterSnapshot s = new ParameterSnapshot();
        for (Pair<String, Parameter> p : block.getParameters()) {
            s.values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return s;
    }

    /** Plain numbers: count, then per parameter its name, value count and values. */
    void write(DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(values.size());
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue().length);
            for (float v : e.getValue()) out.writeFloat(v);
        }
    }

    static ParameterSnapshot read(DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF())) throw new IOException("not a parameter snapshot");
        ParameterSnapshot s = new ParameterSnapshot();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            int n = in.readInt();
            if (n < 0 || n > MAX_VALUES) throw new IOException("parameter " + name + " claims " + n + " values");
            float[] v = new float[n];
            for (int j = 0; j < n; j++) v[j] = in.readFloat();
            s.values.put(name, v);
        }
        return s;
    }

    void restoreInto(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] v = values.get(p.getKey());
            NDArray array = p.getValue().getArray();
            if (v == null || v.length != array.size()) {
                throw new IllegalStateException("snapshot does not match parameter " + p.getKey());
            }
            array.set(FloatBuffer.wrap(v));
        }
    }
}
