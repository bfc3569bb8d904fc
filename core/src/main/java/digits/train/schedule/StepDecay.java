package digits.train.schedule;

/** {@code initial * gamma^floor(epoch / everyEpochs)}: constant within an epoch, like PyTorch's StepLR. */
public record StepDecay(double initial, int everyEpochs, double gamma) implements LearningRateSchedule {

    public StepDecay {
        LearningRateSchedules.requirePositive("learning rate", initial);
        if (everyEpochs < 1) {
            throw new IllegalArgumentException("every must be >= 1 epoch, got " + everyEpochs);
        }
        LearningRateSchedules.requireFactor("gamma", gamma);
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        return initial * Math.pow(gamma, Math.floorDiv(epoch, everyEpochs));
    }
}
