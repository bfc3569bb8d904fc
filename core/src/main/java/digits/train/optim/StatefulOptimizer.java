package digits.train.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.TreeMap;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Common mechanics of the project's optimizers, written as plain NDArray ops because DJL's PyTorch engine only
 * implements SGD and Adam natively (and there clips gradients from above only, and loses its state arrays when
 * {@code update} runs inside an {@link NDScope}).
 *
 * <p>Each update follows DJL's (MXNet's) conventions for the base-class options:
 * {@code g = clip(rescaleGrad * grad, -clipGrad, clipGrad) + weightDecay * w}, clipping only when
 * {@code clipGrad > 0}. Subclasses with decoupled weight decay (AdamW) get the gradient without the decay term.
 * Like DJL's PyTorch optimizers, the weight's own gradient buffer is zeroed after the update: nothing else in DJL's
 * PyTorch training path clears it, and PyTorch accumulates gradients across backward passes.
 *
 * <p>State arrays live per parameter id and device, created lazily as zeros next to the weight and attached to the
 * weight's manager; they are freed by {@link #close()} or with that manager. Every temporary of an update is closed
 * before {@code update} returns.
 *
 * <p>Scalar operands come from {@link #constant} and {@link #variable} rather than {@code muli(Number)}, which
 * creates a native scalar per call (see {@link ScalarCache}).
 */
public abstract class StatefulOptimizer extends Optimizer implements AutoCloseable {
    private static final String STATE_MAGIC = "digits-optimizer-state-1";
    private static final int MAX_STATE_VALUES = 1 << 28;

    private final ParameterTracker learningRate;
    private final List<Map<String, Map<Device, NDArray>>> stateMaps = new ArrayList<>();
    private final ScalarCache scalars = new ScalarCache();
    /** Updates done per parameter (Adam's bias correction needs it); kept here so a checkpoint can carry it. */
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    /** State read from a checkpoint, per table, handed out on first use instead of zeros. */
    private final List<Map<String, float[]>> restored = new ArrayList<>();

    protected StatefulOptimizer(Builder<?> builder) {
        super(builder);
        this.learningRate = builder.learningRate;
    }

    /**
     * Applies one step: {@code weight} is changed in place; {@code grad} is left untouched.
     */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        int step = steps.merge(parameterId, 1, Integer::sum);
        float lr = learningRate.getNewValue(parameterId, step);
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(lr) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("learning rate (" + lr + ") and weight decay (" + weightDecay
                    + ") must be finite for parameter " + parameterId);
        }
        // The scope closes every array created below (gradient copy, products, square roots) when the step ends.
        try (NDScope ignored = new NDScope()) {
            NDArray g = preparedGradient(weight, grad, decoupledWeightDecay() ? 0f : weightDecay);
            step(parameterId, weight, g, lr, step);
        }
        clearGradient(weight);
    }

    /**
     * Performs the optimizer-specific step. {@code g} is a scratch copy owned by the step (it may be modified in
     * place); {@code step} is the 1-based update count used for bias corrections.
     */
    protected abstract void step(String parameterId, NDArray weight, NDArray g, float lr, int step);

    /** Whether weight decay is applied by the subclass itself instead of being added to the gradient. */
    protected boolean decoupledWeightDecay() {
        return false;
    }

    /** A new per-parameter state table, closed with the optimizer. */
    protected final Map<String, Map<Device, NDArray>> newStateTable() {
        Map<String, Map<Device, NDArray>> table = new ConcurrentHashMap<>();
        stateMaps.add(table);
        return table;
    }

    /** The state of {@code parameterId} in {@code table} on the weight's device, zeros on first use. */
    protected final NDArray state(Map<String, Map<Device, NDArray>> table, String parameterId, NDArray weight) {
        int found = 0;
        while (stateMaps.get(found) != table) found++; // identity: two empty tables are equal() but not the same
        int index = found;
        NDArray state = withDefaultState(table, parameterId, weight.getDevice(), k -> initialState(index, parameterId, weight));
        if (state.getManager() != weight.getManager()) {
            // withDefaultState detaches new state from every manager, so nothing would ever free it if close()
            // is forgotten; tie it to the weight's lifetime instead.
            state.attach(weight.getManager());
        }
        // Created inside this update's scope (or a caller's): it must outlive the scope.
        NDScope.unregister(state);
        return state;
    }

    private NDArray initialState(int table, String parameterId, NDArray weight) {
        float[] saved = table < restored.size() ? restored.get(table).remove(parameterId) : null;
        if (saved == null) return weight.zerosLike();
        if (saved.length != weight.size()) {
            throw new IllegalStateException("optimizer state for " + parameterId + " has " + saved.length
                    + " values, the parameter has " + weight.size());
        }
        return weight.getManager().create(saved, weight.getShape());
    }

    /**
     * Writes the optimizer's state (per-parameter moment arrays and step counts) for a checkpoint. Plain numbers
     * in a versioned layout; {@link #loadState} reads it back into a new optimizer of the same kind.
     *
     * @param names stable parameter names by parameter id: DJL's ids are random per run, names are not
     */
    public void saveState(DataOutputStream out, Map<String, String> names) throws IOException {
        out.writeUTF(STATE_MAGIC);
        out.writeUTF(getClass().getSimpleName());
        out.writeInt(stateMaps.size());
        for (Map<String, Map<Device, NDArray>> table : stateMaps) {
            Map<String, NDArray> cpu = new TreeMap<>();
            table.forEach((id, perDevice) -> perDevice.values().stream().findFirst().ifPresent(a -> cpu.put(name(names, id), a)));
            out.writeInt(cpu.size());
            for (Map.Entry<String, NDArray> e : cpu.entrySet()) {
                out.writeUTF(e.getKey());
                float[] values = e.getValue().toFloatArray();
                out.writeInt(values.length);
                for (float v : values) out.writeFloat(v);
            }
        }
        Map<String, Integer> sortedSteps = new TreeMap<>();
        steps.forEach((id, count) -> sortedSteps.put(name(names, id), count));
        out.writeInt(sortedSteps.size());
        for (Map.Entry<String, Integer> e : sortedSteps.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    private static String name(Map<String, String> names, String id) {
        String name = names.get(id);
        if (name == null) throw new IllegalStateException("no name for parameter " + id);
        return name;
    }

    /**
     * Reads state written by {@link #saveState}; must run before the first update.
     *
     * @param ids this run's parameter ids by stable parameter name
     */
    public void loadState(DataInputStream in, Map<String, String> ids) throws IOException {
        if (!STATE_MAGIC.equals(in.readUTF())) throw new IOException("not an optimizer state file");
        String kind = in.readUTF();
        if (!kind.equals(getClass().getSimpleName())) {
            throw new IOException("optimizer state is for " + kind + ", not " + getClass().getSimpleName());
        }
        int tables = in.readInt();
        if (tables != stateMaps.size()) throw new IOException("optimizer state has " + tables + " tables, expected " + stateMaps.size());
        restored.clear();
        for (int t = 0; t < tables; t++) {
            Map<String, float[]> table = new HashMap<>();
            int entries = in.readInt();
            for (int i = 0; i < entries; i++) {
                String id = in.readUTF();
                int n = in.readInt();
                if (n < 0 || n > MAX_STATE_VALUES) throw new IOException("optimizer state for " + id + " claims " + n + " values");
                float[] values = new float[n];
                for (int j = 0; j < n; j++) values[j] = in.readFloat();
                table.put(name(ids, id), values);
            }
            restored.add(table);
        }
        steps.clear();
        int counts = in.readInt();
        for (int i = 0; i < counts; i++) steps.put(name(ids, in.readUTF()), in.readInt());
    }

    /** A reusable 0-d array holding a fixed hyper-parameter, on the weight's device. */
    protected final NDArray constant(float value, NDArray like) {
        return scalars.constant(value, like);
    }

    /**
     * A reusable 0-d array for a value that changes between steps (learning rate, bias corrections), one per
     * {@code name}; overwritten in place when the value changes.
     */
    protected final NDArray variable(String name, float value, NDArray like) {
        return scalars.variable(name, value, like);
    }

    /** Frees all state arrays and cached scalars; a later update starts from fresh (zero) state. */
    @Override
    public void close() {
        for (Map<String, Map<Device, NDArray>> table : stateMaps) {
            table.values().forEach(perDevice -> perDevice.values().forEach(NDArray::close));
            table.clear();
        }
        scalars.close();
    }

    private NDArray preparedGradient(NDArray weight, NDArray grad, float coupledWeightDecay) {
        // g is the private copy the step may overwrite
        NDArray g = rescaleGrad == 1f ? grad.duplicate() : grad.mul(constant(rescaleGrad, grad));
        if (clipGrad > 0f) {
            g = g.clip(-clipGrad, clipGrad);
        }
        if (coupledWeightDecay != 0f) {
            g.addi(weight.mul(constant(coupledWeightDecay, weight)));
        }
        return g;
    }

    private static void clearGradient(NDArray weight) {
        if (weight instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt); // what DJL's native PyTorch sgd/adam updates do; no-op without a gradient
        } else if (weight.hasGradient()) {
            try (NDArray gradient = weight.getGradient()) {
                gradient.muli(0);
            }
        }
    }

    /** Builder shared by the project's optimizers: learning-rate tracker plus DJL's base options. */
    public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {
        private ParameterTracker learningRate;

        protected Builder(float defaultLearningRate) {
            this.learningRate = Tracker.fixed(defaultLearningRate);
        }

        /** The learning rate, read at every update (a {@code MutableRate} lets a schedule drive it). */
        public T setLearningRateTracker(ParameterTracker tracker) {
            if (tracker == null) {
                throw new IllegalArgumentException("learning rate tracker must not be null");
            }
            this.learningRate = tracker;
            return self();
        }

        protected static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
