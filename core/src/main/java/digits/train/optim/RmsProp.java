package digits.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * RMSprop with PyTorch's semantics ({@code torch.optim.RMSprop}):
 * <pre>
 *   v = rho * v + (1 - rho) * g^2
 *   centered:  a = rho * a + (1 - rho) * g;   d = sqrt(v - a^2) + eps
 *   otherwise: d = sqrt(v) + eps
 *   momentum > 0: b = momentum * b + g / d;   w -= lr * b
 *   otherwise:    w -= lr * g / d
 * </pre>
 * where {@code g} already includes rescaling, clipping and L2 weight decay (see {@link StatefulOptimizer}).
 *
 * <p>Defaults: rho 0.9 (Keras; PyTorch uses 0.99), eps 1e-8 added outside the square root (PyTorch; Keras uses
 * 1e-7), learning rate 0.001 (Keras).
 */
public final class RmsProp extends StatefulOptimizer {

    private final float rho;
    private final float epsilon;
    private final float momentum;
    private final boolean centered;
    private final Map<String, Map<Device, NDArray>> squareAverages = newStateTable();
    private final Map<String, Map<Device, NDArray>> gradientAverages = newStateTable();
    private final Map<String, Map<Device, NDArray>> buffers = newStateTable();

    private RmsProp(Builder builder) {
        super(builder);
        this.rho = builder.rho;
        this.epsilon = builder.epsilon;
        this.momentum = builder.momentum;
        this.centered = builder.centered;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void step(String parameterId, NDArray weight, NDArray g, float lr, int step) {
        NDArray decay = constant(rho, weight);
        NDArray complement = constant(1f - rho, weight);
        NDArray v = state(squareAverages, parameterId, weight);
        v.muli(decay).addi(g.mul(g).muli(complement));
        NDArray denominator;
        if (centered) {
            NDArray a = state(gradientAverages, parameterId, weight);
            a.muli(decay).addi(g.mul(complement));
            denominator = v.sub(a.mul(a)).sqrt();
        } else {
            denominator = v.sqrt();
        }
        NDArray scaled = g.divi(denominator.addi(constant(epsilon, weight)));
        NDArray rate = variable("lr", lr, weight);
        if (momentum > 0f) {
            NDArray b = state(buffers, parameterId, weight);
            b.muli(constant(momentum, weight)).addi(scaled);
            weight.subi(b.mul(rate));
        } else {
            weight.subi(scaled.muli(rate));
        }
    }

    /** Defaults: learning rate 0.001, rho 0.9, eps 1e-8, no momentum, not centered. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {
        private float rho = 0.9f;
        private float epsilon = 1e-8f;
        private float momentum;
        private boolean centered;

        private Builder() {
            super(0.001f);
        }

        /** Decay of the running average of squared gradients (PyTorch's {@code alpha}, Keras' {@code rho}). */
        public Builder optRho(float rho) {
            this.rho = rho;
            return this;
        }

        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Normalise by the estimated variance of the gradient instead of its second moment. */
        public Builder optCentered(boolean centered) {
            this.centered = centered;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public RmsProp build() {
            require(rho >= 0f && rho < 1f, "rho must be in [0, 1), got " + rho);
            require(epsilon > 0f, "epsilon must be > 0, got " + epsilon);
            require(momentum >= 0f && momentum < 1f, "momentum must be in [0, 1), got " + momentum);
            return new RmsProp(this);
        }
    }
}
