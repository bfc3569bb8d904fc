package digits.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Floating-point work per image of a {@link ModelSpec}, counted from the spec alone (no engine).
 *
 * <p>Convention (the one MLPerf and most papers use):
 * <ul>
 *   <li>A multiply-add (MAC) is 2 FLOPs. Conv2D: {@code out_h*out_w*filters*in_channels*k*k} MACs;
 *       Dense: {@code in*out} MACs.</li>
 *   <li>Bias: 1 FLOP per output value; ReLU (after every conv and hidden dense layer): 1 per output value.</li>
 *   <li>Batch norm: 2 per value (scale and shift, statistics folded); max pooling {@code p x p}: {@code p*p-1}
 *       comparisons per output; global average pooling: 1 add per input value. Dropout and flatten: 0.</li>
 *   <li>Softmax, loss and the optimizer update are not counted (tens of FLOPs per image, or per parameter per
 *       batch: well under 1% for every preset).</li>
 *   <li>Training costs {@link #TRAINING_FACTOR} times the forward pass: the backward pass computes gradients with
 *       respect to both the inputs and the weights of each layer, each costing about one forward pass.</li>
 * </ul>
 */
public final class FlopCounter {
    /** Training FLOPs per image = this x forward FLOPs (forward + backward for inputs + backward for weights). */
    public static final int TRAINING_FACTOR = 3;

    /** One layer's work per image. {@code macs} counts only the multiply-adds of conv and dense layers. */
    public record Layer(String token, long macs, long flops) {}

    /** The per-layer counts and their totals, per image. */
    public record Count(List<Layer> layers) {
        public Count {
            layers = List.copyOf(layers);
        }

        public long macs() {
            return layers.stream().mapToLong(Layer::macs).sum();
        }

        public long forwardFlops() {
            return layers.stream().mapToLong(Layer::flops).sum();
        }

        public long trainingFlops() {
            return TRAINING_FACTOR * forwardFlops();
        }
    }

    private FlopCounter() {}

    public static Count of(ModelSpec spec) {
        ModelSummary.of(spec); // refuses a spec whose layers shrink the image to nothing, with its one-line message
        List<Layer> layers = new ArrayList<>();
        long c = 1, h = 28, w = 28;
        boolean flat = false;
        int last = spec.layers().size() - 1;
        for (int i = 0; i <= last; i++) {
            LayerSpec layer = spec.layers().get(i);
            if (layer instanceof LayerSpec.Dense && !flat) {
                c = c * h * w;
                h = w = 1;
                flat = true;
            }
            long macs = 0;
            long flops;
            if (layer instanceof LayerSpec.Conv conv) {
                long oh = (h + 2L * conv.padding() - conv.kernel()) / conv.stride() + 1;
                long ow = (w + 2L * conv.padding() - conv.kernel()) / conv.stride() + 1;
                long outputs = oh * ow * conv.filters();
                macs = outputs * c * conv.kernel() * conv.kernel();
                flops = 2 * macs + outputs + outputs; // bias, ReLU
                c = conv.filters();
                h = oh;
                w = ow;
            } else if (layer instanceof LayerSpec.Dense d) {
                macs = c * d.units();
                flops = 2 * macs + d.units() + (i == last ? 0 : d.units()); // bias, ReLU except on the logits
                c = d.units();
            } else if (layer instanceof LayerSpec.MaxPool p) {
                h /= p.size();
                w /= p.size();
                flops = c * h * w * ((long) p.size() * p.size() - 1);
            } else if (layer instanceof LayerSpec.BatchNorm) {
                flops = 2 * c * h * w;
            } else if (layer instanceof LayerSpec.GlobalAvgPool) {
                flops = c * h * w;
                h = w = 1;
                flat = true;
            } else if (layer instanceof LayerSpec.Dropout) {
                flops = 0;
            } else {
                throw new IllegalStateException("FlopCounter does not know layer " + layer.token());
            }
            layers.add(new Layer(layer.token(), macs, flops));
        }
        return new Count(layers);
    }
}
