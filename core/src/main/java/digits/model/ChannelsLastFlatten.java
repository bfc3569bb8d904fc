package digits.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The flatten before the first dense layer and that dense layer, which agree on the order of the flat features.
 * <p>The network's maps are channels-last in memory (see {@link DigitModel#images}). Flattening them in C, H, W order
 * copies them into channels-first order, and in training the gradient flowing back through that copy arrives
 * channels-first: every batch norm, ReLU and convolution backward below it then mixes layouts, which PyTorch's CPU
 * kernels run several times slower. So in training the flatten takes the H, W, C order (a view, no copy, and the
 * gradient comes back channels-last), and the dense layer reorders its weight's columns to match. The stored weight
 * keeps the C, H, W order, and inference (batches of one image, where the copy is small) flattens as before: saved
 * models, the ONNX export and every forward pass compute the same function.
 */
final class ChannelsLastFlatten {
    private ChannelsLastFlatten() {}

    /** (N, C, H, W) to (N, C*H*W): in C, H, W order, in training in H, W, C order (for {@link #dense}). */
    static ai.djl.nn.LambdaBlock flatten() {
        return new LambdaBlock();
    }

    /** The dense layer after {@link #flatten} of maps with this many channels (of any height and width). */
    static ai.djl.nn.core.Linear dense(long units, int channels) {
        return new Linear(ai.djl.nn.core.Linear.builder().setUnits(units), channels);
    }

    // Both classes keep the simple names of DJL's blocks: a network names its children after them, and parameter
    // names (in checkpoints, error messages and exports) must stay those of networks built with DJL's blocks.

    private static final class LambdaBlock extends ai.djl.nn.LambdaBlock {
        LambdaBlock() {
            super(inputs -> new NDList(Blocks.batchFlatten(inputs.singletonOrThrow())), "batchFlatten");
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            if (!training) return super.forwardInternal(store, inputs, false, params);
            return new NDList(Blocks.batchFlatten(inputs.singletonOrThrow().transpose(0, 2, 3, 1)));
        }
    }

    private static final class Linear extends ai.djl.nn.core.Linear {
        private final int channels;
        // DJL keeps these private; looked up once here rather than in every training step
        private final Parameter weight;
        private final Parameter bias;

        Linear(ai.djl.nn.core.Linear.Builder builder, int channels) {
            super(builder);
            this.channels = channels;
            this.weight = getParameters().get("weight");
            this.bias = getParameters().get("bias");
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            if (!training || channels == 1) return super.forwardInternal(store, inputs, training, params);
            NDArray x = inputs.singletonOrThrow();
            NDArray w = store.getValue(weight, x.getDevice(), true);
            long units = w.getShape().get(0);
            long features = w.getShape().get(1);
            // Columns c*HW + p (C, H, W order) to p*C + c (H, W, C order). An operation's result belongs to its
            // operand's manager: the first view is moved into the batch's, or every step's copy would stay with the
            // model's weights until the model is closed.
            NDArray grouped = w.reshape(units, channels, features / channels);
            grouped.attach(x.getManager());
            NDArray reordered = grouped.transpose(0, 2, 1).reshape(new Shape(units, features));
            return linear(x, reordered, store.getValue(bias, x.getDevice(), true));
        }
    }
}
