package digits.train.schedule;

/**
 * Per-step cosine annealing from {@code initial} to {@code min} over the run, after an optional linear warm-up.
 * With {@code W} warm-up steps and {@code T} steps in all, step {@code s} (0-based over the run) gets
 * {@code initial * (s + 1) / W} while {@code s < W}, then
 * {@code min + (initial - min) * (1 + cos(pi * (s - W) / (T - W))) / 2}.
 */
public record CosineAnnealing(double initial, double min, int epochs, double warmupEpochs)
        implements LearningRateSchedule {

    public CosineAnnealing {
        LearningRateSchedules.requirePositive("learning rate", initial);
        if (!(min >= 0 && min <= initial)) {
            throw new IllegalArgumentException("min must be in [0, learning rate " + initial + "], got " + min);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
            throw new IllegalArgumentException(
                    "warmup must be in [0, " + epochs + ") epochs, got " + warmupEpochs);
        }
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        double total = (double) epochs * stepsPerEpoch;
        double warmup = Math.round(warmupEpochs * stepsPerEpoch);
        double s = LearningRateSchedule.globalStep(epoch, step, stepsPerEpoch);
        if (s < warmup) {
            return initial * (s + 1) / warmup;
        }
        double p = Math.min(1.0, (s - warmup) / Math.max(1.0, total - warmup));
        return min + (initial - min) * (1 + Math.cos(Math.PI * p)) / 2;
    }
}
