package digits.train;

/**
 * Keras-style early stopping: after each epoch the loop reports the monitored metric and learns whether this
 * epoch is the best so far (snapshot the weights) and whether to stop. An epoch counts as an improvement only when
 * it beats the best value by more than {@code minDelta}; training stops after {@code patience} consecutive epochs
 * without one (patience 0 stops at the first non-improving epoch).
 */
public final class EarlyStopping {

    /**
     * @param best whether this epoch is the new best (the loop should keep its weights)
     * @param stop whether training should end now
     */
    public record Verdict(boolean best, boolean stop) {
    }

    private final Monitor monitor;
    private final Monitor.Mode mode;
    private final int patience;
    private final double minDelta;
    private double bestValue;
    private int bestEpoch = -1;
    private int wait;

    /**
     * @param monitor  the metric; its mode (min for losses, max for accuracies) follows from the name
     * @param patience epochs without improvement tolerated before stopping, &gt;= 0
     * @param minDelta smallest change that counts as an improvement, &gt;= 0
     */
    public EarlyStopping(Monitor monitor, int patience, double minDelta) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("min_delta must be >= 0, got " + minDelta);
        }
        this.monitor = monitor;
        this.mode = monitor.mode();
        this.patience = patience;
        this.minDelta = minDelta;
        this.bestValue = mode.worst();
    }

    /** Reads the monitored metric from the epoch's statistics. */
    public Verdict onEpochEnd(EpochStats stats) {
        return onEpochEnd(stats.epoch(), monitor.valueOf(stats));
    }

    /** Records the monitored value of {@code epoch}; NaN (diverged) counts as no improvement. */
    public Verdict onEpochEnd(int epoch, double value) {
        if (mode.improves(value, bestValue, minDelta)) {
            bestValue = value;
            bestEpoch = epoch;
            wait = 0;
            return new Verdict(true, false);
        }
        wait++;
        return new Verdict(false, wait >= patience);
    }

    public Monitor monitor() {
        return monitor;
    }

    /** The best value seen, or +/-infinity before any improvement. */
    public double bestValue() {
        return bestValue;
    }

    /** The epoch of the best value, -1 before any improvement. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
