package digits.train.optim;

import ai.djl.training.tracker.ParameterTracker;

/**
 * Everything {@link OptimizerFactory} needs; options an optimizer does not use are ignored.
 *
 * @param learningRate tracker read at every update (a {@code MutableRate} when a schedule drives it)
 * @param momentum     SGD and RMSprop momentum, 0 = none
 * @param nesterov     Nesterov momentum (SGD only; needs momentum &gt; 0)
 * @param rho          RMSprop decay of the squared-gradient average
 * @param centered     centered RMSprop
 * @param beta1        Adam first-moment decay
 * @param beta2        Adam second-moment decay
 * @param epsilon      Adam/RMSprop denominator term
 * @param weightDecay  L2 penalty (decoupled for AdamW); NaN = the optimizer's default (0.01 for AdamW, else 0)
 * @param clipGradient clip each gradient element to [-clip, clip]; 0 = no clipping
 */
public record OptimizerOptions(ParameterTracker learningRate, float momentum, boolean nesterov, float rho,
                               boolean centered, float beta1, float beta2, float epsilon, float weightDecay,
                               float clipGradient) {

    public OptimizerOptions {
        if (learningRate == null) {
            throw new IllegalArgumentException("learning rate tracker must not be null");
        }
        if (clipGradient < 0f || Float.isNaN(clipGradient)) {
            throw new IllegalArgumentException("gradient clipping must be >= 0 (0 = off), got " + clipGradient);
        }
        if (weightDecay < 0f) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** PyTorch/Keras defaults: no momentum, rho 0.9, betas 0.9/0.999, eps 1e-8, default decay, no clipping. */
    public static OptimizerOptions defaults(ParameterTracker learningRate) {
        return new OptimizerOptions(learningRate, 0f, false, 0.9f, false, 0.9f, 0.999f, 1e-8f, Float.NaN, 0f);
    }

    public OptimizerOptions withMomentum(float value, boolean useNesterov) {
        return new OptimizerOptions(learningRate, value, useNesterov, rho, centered, beta1, beta2, epsilon,
                weightDecay, clipGradient);
    }

    public OptimizerOptions withRho(float value, boolean isCentered) {
        return new OptimizerOptions(learningRate, momentum, nesterov, value, isCentered, beta1, beta2, epsilon,
                weightDecay, clipGradient);
    }

    public OptimizerOptions withBetas(float first, float second) {
        return new OptimizerOptions(learningRate, momentum, nesterov, rho, centered, first, second, epsilon,
                weightDecay, clipGradient);
    }

    public OptimizerOptions withEpsilon(float value) {
        return new OptimizerOptions(learningRate, momentum, nesterov, rho, centered, beta1, beta2, value,
                weightDecay, clipGradient);
    }

    public OptimizerOptions withWeightDecay(float value) {
        return new OptimizerOptions(learningRate, momentum, nesterov, rho, centered, beta1, beta2, epsilon,
                value, clipGradient);
    }

    public OptimizerOptions withClipGradient(float value) {
        return new OptimizerOptions(learningRate, momentum, nesterov, rho, centered, beta1, beta2, epsilon,
                weightDecay, value);
    }
}
