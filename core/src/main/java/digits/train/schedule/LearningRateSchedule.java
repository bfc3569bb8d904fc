package digits.train.schedule;

import digits.train.EpochStats;
import digits.train.Monitor;

/**
 * Learning rate as a function of training progress. The loop asks for the rate before every optimizer step,
 * puts it into a {@link MutableRate} that the optimizer reads, and reports the monitored metric after each epoch.
 * Build one from a CLI string with {@link LearningRateSchedules#parse}.
 */
public interface LearningRateSchedule {

    /**
     * @param epoch         0-based epoch
     * @param step          0-based step (batch) within the epoch
     * @param stepsPerEpoch batches per epoch, &gt;= 1
     */
    double rate(int epoch, int step, int stepsPerEpoch);

    /** Called after each epoch with the value of {@link #monitor()}; only reduce-on-plateau reacts. */
    default void onEpochEnd(int epoch, double monitoredValue) {
    }

    /** Reports the end of an epoch, reading {@link #monitor()} from its statistics. */
    default void onEpochEnd(EpochStats stats) {
        onEpochEnd(stats.epoch(), monitor().valueOf(stats));
    }

    /** The metric {@link #onEpochEnd} expects. */
    default Monitor monitor() {
        return Monitor.VAL_LOSS;
    }

    /** 0-based index of the step over the whole run, for per-step schedules. */
    static long globalStep(int epoch, int step, int stepsPerEpoch) {
        if (stepsPerEpoch < 1 || epoch < 0 || step < 0 || step >= stepsPerEpoch) {
            throw new IllegalArgumentException("invalid position: epoch " + epoch + ", step " + step + " of "
                    + stepsPerEpoch);
        }
        return (long) epoch * stepsPerEpoch + step;
    }
}
