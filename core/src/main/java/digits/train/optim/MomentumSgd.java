package digits.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's momentum semantics ({@code torch.optim.SGD}, dampening 0):
 * <pre>
 *   b = momentum * b + g          (b starts at zero, so b = g on the first step, as in PyTorch)
 *   classic:  w -= lr * b
 *   nesterov: w -= lr * (g + momentum * b)
 * </pre>
 * where {@code g} already includes rescaling, clipping and L2 weight decay (see {@link StatefulOptimizer}).
 * DJL's own {@code Sgd} instead folds the learning rate into the buffer ({@code b = m*b + lr*g}), which behaves
 * differently as soon as a schedule changes the rate.
 */
public final class MomentumSgd extends StatefulOptimizer {

    private final float momentum;
    private final boolean nesterov;
    private final Map<String, Map<Device, NDArray>> buffers = newStateTable();

    private MomentumSgd(Builder builder) {
        super(builder);
        this.momentum = builder.momentum;
        this.nesterov = builder.nesterov;
    }

    public static Builder builder() {
        return new Builder();
    }

    public float momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected void step(String parameterId, NDArray weight, NDArray g, float lr, int step) {
        NDArray rate = variable("lr", lr, weight);
        if (momentum == 0f) {
            weight.subi(g.muli(rate));
            return;
        }
        NDArray mu = constant(momentum, weight);
        NDArray b = state(buffers, parameterId, weight);
        b.muli(mu).addi(g);
        if (nesterov) {
            weight.subi(g.addi(b.mul(mu)).muli(rate));
        } else {
            weight.subi(b.mul(rate));
        }
    }

    /** Defaults as PyTorch: learning rate 0.001, momentum 0, no Nesterov. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {
        private float momentum;
        private boolean nesterov;

        private Builder() {
            super(0.001f);
        }

        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public MomentumSgd build() {
            require(momentum >= 0f && momentum < 1f, "momentum must be in [0, 1), got " + momentum);
            require(!nesterov || momentum > 0f, "Nesterov momentum requires momentum > 0");
            return new MomentumSgd(this);
        }
    }
}
