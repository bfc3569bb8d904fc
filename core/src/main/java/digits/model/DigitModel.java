package digits.model;

import ai.djl.Model;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import digits.data.Dataset;
import digits.data.Deskew;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network built from a {@link ModelSpec} with its parameters: the thing that is trained, saved, loaded and asked.
 * A model that {@link #deskews()} straightens every image ({@link Deskew}) before its network sees it, so callers
 * always pass images as written. Inference is safe from several threads at once (each call works in its own
 * native-memory scope).
 */
public final class DigitModel implements AutoCloseable {
    public static final Shape INPUT_SHAPE = new Shape(1, 1, Dataset.ROWS, Dataset.COLS);
    /** Images per forward pass when predicting many: large enough to amortise overhead, small enough for the cache. */
    public static final int DEFAULT_EVAL_BATCH = 500;

    private final ModelSpec spec;
    private final Model model;
    private final boolean deskew;

    private DigitModel(ModelSpec spec, Model model, boolean deskew) {
        this.spec = spec;
        this.model = model;
        this.deskew = deskew;
    }

    /** A new, uninitialised network (the trainer initialises it, or {@link #loadParameters} fills it). */
    public static DigitModel create(ModelSpec spec) {
        return create(spec, false);
    }

    /** A new, uninitialised network; with {@code deskew} it sees images straightened (a saved model's parameters go in). */
    public static DigitModel create(ModelSpec spec, boolean deskew) {
        return create(spec, Initialization.GLOROT, deskew);
    }

    /**
     * A new network whose weights, when a trainer initialises them, start as {@code init} says; with {@code deskew} it
     * sees images straightened.
     */
    public static DigitModel create(ModelSpec spec, Initialization init, boolean deskew) {
        EngineSetup.engine();
        Model model = Model.newInstance("digits");
        model.setBlock(NetworkBuilder.build(spec, init));
        return new DigitModel(spec, model, deskew);
    }

    public ModelSpec spec() { return spec; }

    /** Whether images are straightened before the network sees them (in training too: the batches are, last). */
    public boolean deskews() { return deskew; }

    public Model djlModel() { return model; }

    public Block block() { return model.getBlock(); }

    public NDManager manager() { return model.getNDManager(); }

    /** Initialises parameters with the engine's (seeded) generator, for inference-only use without a trainer. */
    public void initialize() {
        block().initialize(manager(), DataType.FLOAT32, INPUT_SHAPE);
    }

    /** Number of parameters, counting batch-norm running statistics (as Keras does). */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : block().getParameters()) {
            if (p.getValue().isInitialized()) n += p.getValue().getArray().size();
        }
        return n;
    }

    /** Class probabilities for {@code count} images stored flat in {@code pixels}, as {@code count * 10} floats. */
    public float[] probabilities(float[] pixels, int count) {
        return probabilities(pixels, count, DEFAULT_EVAL_BATCH);
    }

    public float[] probabilities(float[] pixels, int count, int batchSize) {
        EngineSetup.readyThisThread();
        float[] out = new float[count * Dataset.CLASSES];
        int capacity = Math.min(batchSize, Math.max(count, 1));
        ByteBuffer buffer = ByteBuffer.allocateDirect(capacity * Dataset.PIXELS * Float.BYTES).order(ByteOrder.nativeOrder());
        float[] straight = deskew ? new float[capacity * Dataset.PIXELS] : null;
        for (int start = 0; start < count; start += batchSize) {
            int n = Math.min(batchSize, count - start);
            buffer.clear();
            if (deskew) {
                for (int i = 0; i < n; i++) Deskew.straighten(pixels, (start + i) * Dataset.PIXELS, straight, i * Dataset.PIXELS);
                buffer.asFloatBuffer().put(straight, 0, n * Dataset.PIXELS);
            } else {
                buffer.asFloatBuffer().put(pixels, start * Dataset.PIXELS, n * Dataset.PIXELS);
            }
            buffer.limit(n * Dataset.PIXELS * Float.BYTES);
            try (NDManager batch = manager().newSubManager()) {
                NDArray x = images(batch, buffer, n);
                NDArray logits = forward(batch, x, false);
                float[] p = logits.softmax(1).toFloatArray();
                System.arraycopy(p, 0, out, start * Dataset.CLASSES, p.length);
            }
        }
        return out;
    }

    public float[] probabilities(Dataset data) {
        return probabilities(data.pixels(), data.size());
    }

    /**
     * {@code n} images stored flat in {@code pixels} as a tensor of shape (N,1,28,28) laid out channels-last in memory
     * (N,28,28,1 reordered as a view; with one channel the bytes are the same). PyTorch carries the layout through the
     * network, and its CPU kernels for convolution, batch norm and pooling are faster channels-last (by how much:
     * docs/benchmark.md, "Engine settings").
     */
    public static NDArray images(NDManager manager, ByteBuffer pixels, int n) {
        return manager.create(pixels, new Shape(n, Dataset.ROWS, Dataset.COLS, 1), DataType.FLOAT32).transpose(0, 3, 1, 2);
    }

    /** Logits for a batch {@code x} of shape (N,1,28,28). */
    public NDArray forward(NDManager manager, NDArray x, boolean training) {
        NDList out = block().forward(new ParameterStore(manager, false), new NDList(x), training);
        return out.singletonOrThrow();
    }

    public void saveParameters(DataOutputStream out) throws IOException {
        block().saveParameters(out);
    }

    /** Loads parameters saved by {@link #saveParameters}; refuses any whose shapes differ from this architecture's. */
    public void loadParameters(DataInputStream in) throws IOException, MalformedModelException {
        if (!block().isInitialized()) initialize();
        Map<String, Shape> expected = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block().getParameters()) expected.put(p.getKey(), p.getValue().getArray().getShape());
        block().loadParameters(manager(), in);
        if (in.read() != -1) throw new MalformedModelException("extra bytes after the last parameter");
        for (Pair<String, Parameter> p : block().getParameters()) {
            Shape actual = p.getValue().getArray().getShape();
            if (!actual.equals(expected.get(p.getKey()))) {
                throw new MalformedModelException("parameter " + p.getKey() + " has shape " + actual + ", expected "
                        + expected.get(p.getKey()));
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
