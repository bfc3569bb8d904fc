package digits.train;

import digits.data.augment.AugmentOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that decides how a model is trained: the flags of {@code digits train}, with their defaults in
 * {@link #defaults()}. Saved in the model's descriptor so a run can be repeated.
 *
 * @param patience early-stopping patience in epochs; negative = no early stopping
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        long seed,
        String optimizer,
        double learningRate,
        double momentum,
        boolean nesterov,
        double rho,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        double clipGradient,
        String schedule,
        double labelSmoothing,
        String monitor,
        int patience,
        double minDelta,
        boolean restoreBest,
        String augment) {

    public TrainingConfig {
        if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("--lr must be positive, got " + learningRate);
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("--label-smoothing must be in [0,1), got " + labelSmoothing);
        }
        AugmentOptions.parse(augment); // fails early with the option's own message
    }

    /** The defaults of {@code digits train}: Adam with a one-cycle schedule peaking at 0.005, 3 epochs. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(3, 128, 42, "adam", 0.005, 0, false, 0.9, 0.9, 0.999, 1e-8, 0, 0,
                "onecycle", 0, "val_loss", -1, 0, true, "none");
    }

    public boolean earlyStopping() {
        return patience >= 0;
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batchSize, seed, optimizer, learningRate, momentum, nesterov, rho, beta1, beta2,
                epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitor, patience, minDelta, restoreBest, augment);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batchSize, value, optimizer, learningRate, momentum, nesterov, rho, beta1, beta2,
                epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitor, patience, minDelta, restoreBest, augment);
    }

    public TrainingConfig withOptimizer(String name, double lr) {
        return new TrainingConfig(epochs, batchSize, seed, name, lr, momentum, nesterov, rho, beta1, beta2,
                epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitor, patience, minDelta, restoreBest, augment);
    }

    public TrainingConfig withMomentum(double value, boolean useNesterov) {
        return new TrainingConfig(epochs, batchSize, seed, optimizer, learningRate, value, useNesterov, rho, beta1, beta2,
                epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitor, patience, minDelta, restoreBest, augment);
    }

    public TrainingConfig withSchedule(String value) {
        return new TrainingConfig(epochs, batchSize, seed, optimizer, learningRate, momentum, nesterov, rho, beta1, beta2,
                epsilon, weightDecay, clipGradient, value, labelSmoothing, monitor, patience, minDelta, restoreBest, augment);
    }

    public TrainingConfig withAugment(String value) {
        return new TrainingConfig(epochs, batchSize, seed, optimizer, learningRate, momentum, nesterov, rho, beta1, beta2,
                epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitor, patience, minDelta, restoreBest, value);
    }

    /** The augmentation, or null when off. */
    public AugmentOptions augmentation() {
        AugmentOptions options = AugmentOptions.parse(augment);
        return options.isIdentity() ? null : options;
    }

    public TrainingConfig withEarlyStopping(String monitorName, int patienceEpochs, double delta, boolean restore) {
        return new TrainingConfig(epochs, batchSize, seed, optimizer, learningRate, momentum, nesterov, rho, beta1, beta2,
                epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitorName, patienceEpochs, delta, restore, augment);
    }

    /** The options as a JSON-friendly map with Keras-like names, for the model descriptor and reports. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("seed", seed);
        m.put("optimizer", optimizer);
        m.put("learning_rate", learningRate);
        switch (optimizer) {
            case "sgd" -> {
                m.put("momentum", momentum);
                m.put("nesterov", nesterov);
            }
            case "rmsprop" -> {
                m.put("rho", rho);
                m.put("momentum", momentum);
                m.put("epsilon", epsilon);
            }
            default -> {
                m.put("beta_1", beta1);
                m.put("beta_2", beta2);
                m.put("epsilon", epsilon);
            }
        }
        m.put("weight_decay", weightDecay);
        if (clipGradient > 0) m.put("clip_gradient", clipGradient);
        m.put("lr_schedule", schedule);
        m.put("label_smoothing", labelSmoothing);
        m.put("augment", AugmentOptions.parse(augment).spec());
        if (earlyStopping()) {
            m.put("early_stopping", Map.of("monitor", monitor, "patience", patience, "min_delta", minDelta,
                    "restore_best_weights", restoreBest));
        }
        return m;
    }
}
