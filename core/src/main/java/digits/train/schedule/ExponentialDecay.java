package digits.train.schedule;

/** {@code initial * gamma^epoch}: constant within an epoch, like PyTorch's ExponentialLR. */
public record ExponentialDecay(double initial, double gamma) implements LearningRateSchedule {

    public ExponentialDecay {
        LearningRateSchedules.requirePositive("learning rate", initial);
        LearningRateSchedules.requireFactor("gamma", gamma);
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        return initial * Math.pow(gamma, epoch);
    }
}
