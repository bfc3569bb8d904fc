package digits.train.schedule;

import digits.train.Monitor;

/**
 * Keras' ReduceLROnPlateau: when the monitored metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs, multiply the rate by {@code factor} (never below {@code minRate}), then ignore
 * {@code cooldown} epochs before counting again. The rate is constant within an epoch; the loop passes the
 * metric named by {@link #monitor()} to {@link #onEpochEnd} after every epoch.
 */
public final class ReduceOnPlateau implements LearningRateSchedule {

    private final Monitor monitor;
    private final Monitor.Mode mode;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minRate;
    private double rate;
    private double best;
    private int wait;
    private int cooldownLeft;

    /**
     * @param initial  starting rate
     * @param monitor  metric passed to {@link #onEpochEnd}
     * @param mode     MIN or MAX, or null to infer from the metric (max for accuracies)
     * @param factor   multiplier in (0, 1)
     * @param patience epochs without improvement before a reduction, &gt;= 0
     * @param minDelta smallest absolute change that counts as an improvement
     * @param cooldown epochs after a reduction during which no waiting is counted
     * @param minRate  lower bound of the rate
     */
    public ReduceOnPlateau(double initial, Monitor monitor, Monitor.Mode mode, double factor, int patience,
                           double minDelta, int cooldown, double minRate) {
        LearningRateSchedules.requirePositive("learning rate", initial);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("patience and cooldown must be >= 0, got " + patience
                    + ", " + cooldown);
        }
        if (!(minDelta >= 0) || !(minRate >= 0)) {
            throw new IllegalArgumentException("min_delta and min_lr must be >= 0, got " + minDelta
                    + ", " + minRate);
        }
        this.monitor = monitor;
        this.mode = mode == null ? monitor.mode() : mode;
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minRate = minRate;
        this.rate = initial;
        this.best = this.mode.worst();
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        return rate;
    }

    @Override
    public Monitor monitor() {
        return monitor;
    }

    /**
     * Keras' rule for patience (reduce once {@code patience} epochs in a row did not improve) and PyTorch's for
     * cooldown (bad epochs during the cooldown are not counted). NaN never improves.
     */
    @Override
    public void onEpochEnd(int epoch, double monitoredValue) {
        boolean improved = mode.improves(monitoredValue, best, minDelta);
        if (improved) {
            best = monitoredValue;
            wait = 0;
        } else {
            wait++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            wait = 0;
        } else if (!improved && wait >= patience && rate > minRate) {
            rate = Math.max(rate * factor, minRate);
            cooldownLeft = cooldown;
            wait = 0;
        }
    }

    /** The current rate (what every step of the next epoch gets). */
    public double currentRate() {
        return rate;
    }

    @Override
    public String toString() {
        return "ReduceOnPlateau[monitor=" + monitor + ", mode=" + mode + ", factor=" + factor + ", patience="
                + patience + ", minDelta=" + minDelta + ", cooldown=" + cooldown + ", minRate=" + minRate
                + ", rate=" + rate + "]";
    }
}
