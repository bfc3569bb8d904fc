package digits.train.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * Adam and AdamW with PyTorch's semantics ({@code torch.optim.Adam}/{@code AdamW}), t the 1-based step:
 * <pre>
 *   AdamW only: w *= 1 - lr * weightDecay          (decoupled decay; Adam adds weightDecay * w to g instead)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   w -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Used instead of DJL's native Adam so that clipping is symmetric and state survives an enclosing NDScope
 * (see {@link StatefulOptimizer}); DJL's version also scales eps by the bias correction, PyTorch's does not.
 */
public final class Adam extends StatefulOptimizer {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean decoupled;
    private final Map<String, Map<Device, NDArray>> means = newStateTable();
    private final Map<String, Map<Device, NDArray>> variances = newStateTable();

    private Adam(Builder builder) {
        super(builder);
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.decoupled = builder.decoupled;
    }

    /** Adam: weight decay, if any, is L2 added to the gradient. */
    public static Builder builder() {
        return new Builder(false);
    }

    /** AdamW: weight decay shrinks the weights directly (default 0.01, as PyTorch). */
    public static Builder adamWBuilder() {
        return new Builder(true).optWeightDecays(0.01f);
    }

    @Override
    protected boolean decoupledWeightDecay() {
        return decoupled;
    }

    @Override
    protected void step(String parameterId, NDArray weight, NDArray g, float lr, int step) {
        if (decoupled && getWeightDecay() != 0f) {
            weight.muli(variable("shrink", 1f - lr * getWeightDecay(), weight));
        }
        NDArray m = state(means, parameterId, weight);
        NDArray v = state(variances, parameterId, weight);
        m.muli(constant(beta1, weight)).addi(g.mul(constant(1f - beta1, weight)));
        v.muli(constant(beta2, weight)).addi(g.muli(g).muli(constant(1f - beta2, weight))); // g is done after this
        float stepSize = (float) (lr / (1 - Math.pow(beta1, step)));
        float inverseRootCorrection2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, step)));
        NDArray denominator = v.sqrt().muli(variable("1/sqrt(correction2)", inverseRootCorrection2, weight))
                .addi(constant(epsilon, weight));
        weight.subi(m.div(denominator).muli(variable("lr/correction1", stepSize, weight)));
    }

    /** Defaults as PyTorch: learning rate 0.001, betas 0.9/0.999, eps 1e-8. */
    public static final class Builder extends StatefulOptimizer.Builder<Builder> {
        private final boolean decoupled;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;

        private Builder(boolean decoupled) {
            super(0.001f);
            this.decoupled = decoupled;
        }

        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Adam build() {
            require(beta1 >= 0f && beta1 < 1f, "beta1 must be in [0, 1), got " + beta1);
            require(beta2 >= 0f && beta2 < 1f, "beta2 must be in [0, 1), got " + beta2);
            require(epsilon > 0f, "epsilon must be > 0, got " + epsilon);
            return new Adam(this);
        }
    }
}
