package digits.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A copy of every parameter (batch-norm running statistics included) in Java memory, restored in place so the
 * trainer's parameter arrays and the optimizer's state stay attached. Used for "restore best weights".
 */
final class ParameterSnapshot {
    private final Map<String, float[]> values = new LinkedHashMap<>();

    static ParameterSnapshot of(Block block) {
        ParameterSnapshot s = new ParameterSnapshot();
        for (Pair<String, Parameter> p : block.getParameters()) {
            s.values.put(p.getKey(), p.getValue().getArray().toFloatArray());
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
