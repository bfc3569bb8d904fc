package digits.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/** Turns a {@link ModelSpec} into a DJL block taking {@code (N, 1, 28, 28)} images and giving {@code (N, 10)} logits. */
public final class NetworkBuilder {
    private NetworkBuilder() {}

    /** {@link #build(ModelSpec, Initialization)} with DJL's default initialisation (for networks that load parameters). */
    public static SequentialBlock build(ModelSpec spec) {
        return build(spec, Initialization.GLOROT);
    }

    /** Batch normalisation's epsilon (DJL's default), stated here so that an exported network uses the same. */
    public static final float BATCH_NORM_EPSILON = 1e-5f;

    /**
     * One block of the built network, in order: a layer of the spec, or one of the blocks the builder puts between
     * layers (a flatten before the first dense layer, a ReLU after each convolution and hidden dense layer). The
     * network's children are these steps, one block each, so code that reads a network (ONNX export) walks the same list.
     */
    public sealed interface Step {
        record Layer(LayerSpec layer) implements Step {}

        /** (N, C, H, W) to (N, C*H*W), in C, H, W order (in training computed another way: {@link ChannelsLastFlatten}). */
        record Flatten() implements Step {}

        record Relu() implements Step {}
    }

    /** The network's blocks for {@code spec}, in order: {@link #build} makes one child block per step. */
    public static List<Step> steps(ModelSpec spec) {
        List<Step> steps = new ArrayList<>();
        boolean flat = false;
        int last = spec.layers().size() - 1;
        for (int i = 0; i <= last; i++) {
            LayerSpec layer = spec.layers().get(i);
            if (layer instanceof LayerSpec.Dense && !flat) {
                steps.add(new Step.Flatten());
                flat = true;
            }
            steps.add(new Step.Layer(layer));
            if (layer instanceof LayerSpec.Conv || (layer instanceof LayerSpec.Dense && i != last)) steps.add(new Step.Relu());
            if (layer instanceof LayerSpec.GlobalAvgPool) flat = true;
        }
        return List.copyOf(steps);
    }

    public static SequentialBlock build(ModelSpec spec, Initialization init) {
        SequentialBlock net = new SequentialBlock();
        // Each layer's input size (values per output unit of a convolution or dense layer), for fan-in initialisation.
        int channels = 1, height = 28, width = 28;
        long features = 0;
        int flattened = 0; // channels of the maps the last step flattened, for the dense layer right after it
        for (Step step : steps(spec)) {
            if (step instanceof Step.Flatten) {
                net.add(ChannelsLastFlatten.flatten());
                features = (long) channels * height * width;
                flattened = channels;
                continue;
            }
            if (step instanceof Step.Relu) {
                net.add(Activation.reluBlock());
                continue;
            }
            LayerSpec layer = ((Step.Layer) step).layer();
            Block block = layer instanceof LayerSpec.Dense d && flattened > 0
                    ? ChannelsLastFlatten.dense(d.units(), flattened) : block(layer);
            flattened = 0;
            if (layer instanceof LayerSpec.Conv c) {
                init.apply(block, (long) channels * c.kernel() * c.kernel());
                channels = c.filters();
                height = (height + 2 * c.padding() - c.kernel()) / c.stride() + 1;
                width = (width + 2 * c.padding() - c.kernel()) / c.stride() + 1;
            } else if (layer instanceof LayerSpec.MaxPool p) {
                height /= p.size();
                width /= p.size();
            } else if (layer instanceof LayerSpec.GlobalAvgPool) {
                features = channels;
            } else if (layer instanceof LayerSpec.Dense d) {
                init.apply(block, features);
                features = d.units();
            }
            net.add(block);
        }
        return net;
    }

    private static Block block(LayerSpec layer) {
        if (layer instanceof LayerSpec.Conv c) {
            return Conv2d.builder()
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .setFilters(c.filters())
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .build();
        }
        if (layer instanceof LayerSpec.MaxPool p) {
            return Pool.maxPool2dBlock(new Shape(p.size(), p.size()), new Shape(p.size(), p.size()));
        }
        if (layer instanceof LayerSpec.Dropout d) {
            return Dropout.builder().optRate((float) d.rate()).build();
        }
        if (layer instanceof LayerSpec.BatchNorm) {
            return BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).build();
        }
        if (layer instanceof LayerSpec.GlobalAvgPool) {
            return Pool.globalAvgPool2dBlock();
        }
        if (layer instanceof LayerSpec.Dense d) {
            return Linear.builder().setUnits(d.units()).build();
        }
        throw new IllegalStateException("unhandled layer " + layer);
    }
}
