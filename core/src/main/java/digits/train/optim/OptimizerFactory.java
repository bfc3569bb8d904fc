package digits.train.optim;

import java.util.List;
import java.util.Locale;

/**
 * Builds an optimizer from its CLI name. All of them are {@link StatefulOptimizer}s, so clipping, weight decay,
 * gradient zeroing and state lifetime behave the same whichever is chosen; close the result after training.
 */
public final class OptimizerFactory {

    /** Accepted names, in the order help texts list them. */
    public static final List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop");

    private OptimizerFactory() {
    }

    /**
     * @param name    one of {@link #NAMES}, case-insensitive
     * @param options hyper-parameters; those the optimizer does not use are ignored
     * @throws IllegalArgumentException for an unknown name or an invalid combination (e.g. Nesterov with Adam)
     */
    public static StatefulOptimizer create(String name, OptimizerOptions options) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (options.nesterov() && !key.equals("sgd")) {
            throw new IllegalArgumentException("Nesterov momentum applies only to sgd, not '" + name + "'");
        }
        return switch (key) {
            case "adam" -> common(Adam.builder(), options)
                    .optBeta1(options.beta1()).optBeta2(options.beta2()).optEpsilon(options.epsilon()).build();
            case "adamw" -> common(Adam.adamWBuilder(), options)
                    .optBeta1(options.beta1()).optBeta2(options.beta2()).optEpsilon(options.epsilon()).build();
            case "sgd" -> common(MomentumSgd.builder(), options)
                    .optMomentum(options.momentum()).optNesterov(options.nesterov()).build();
            case "rmsprop" -> common(RmsProp.builder(), options)
                    .optRho(options.rho()).optCentered(options.centered()).optMomentum(options.momentum())
                    .optEpsilon(options.epsilon()).build();
            default -> throw new IllegalArgumentException(
                    "unknown optimizer '" + name + "'; valid: " + String.join(", ", NAMES));
        };
    }

    private static <T extends StatefulOptimizer.Builder<T>> T common(T builder, OptimizerOptions options) {
        builder.setLearningRateTracker(options.learningRate());
        if (!Float.isNaN(options.weightDecay())) {
            builder.optWeightDecays(options.weightDecay());
        }
        // DJL's convention: a negative value switches clipping off.
        return builder.optClipGrad(options.clipGradient() > 0f ? options.clipGradient() : -1f);
    }
}
