package digits.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.ndarray.types.Shape;

/** Turns a {@link ModelSpec} into a DJL block taking {@code (N, 1, 28, 28)} images and giving {@code (N, 10)} logits. */
public final class NetworkBuilder {
    private NetworkBuilder() {}

    /** {@link #build(ModelSpec, Initialization)} with DJL's default initialisation (for networks that load parameters). */
    public static SequentialBlock build(ModelSpec spec) {
        return build(spec, Initialization.GLOROT);
    }

    public static SequentialBlock build(ModelSpec spec, Initialization init) {
        SequentialBlock net = new SequentialBlock();
        boolean flat = false;
        int last = spec.layers().size() - 1;
        // Each layer's input size (values per output unit of a convolution or dense layer), for fan-in initialisation.
        int channels = 1, height = 28, width = 28;
        long features = 0;
        for (int i = 0; i <= last; i++) {
            LayerSpec layer = spec.layers().get(i);
            if (layer instanceof LayerSpec.Dense && !flat) {
                net.add(Blocks.batchFlattenBlock());
                features = (long) channels * height * width;
                flat = true;
            }
            Block block = block(layer);
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
            if (layer instanceof LayerSpec.Conv || (layer instanceof LayerSpec.Dense && i != last)) {
                net.add(Activation.reluBlock());
            }
            if (layer instanceof LayerSpec.GlobalAvgPool) flat = true;
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
            return BatchNorm.builder().build();
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
