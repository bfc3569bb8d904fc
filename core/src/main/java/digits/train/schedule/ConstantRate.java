package digits.train.schedule;

/** The same rate throughout. */
public record ConstantRate(double rate) implements LearningRateSchedule {

    public ConstantRate {
        LearningRateSchedules.requirePositive("learning rate", rate);
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        return rate;
    }
}
