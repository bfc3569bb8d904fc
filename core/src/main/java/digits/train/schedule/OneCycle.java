package digits.train.schedule;

/**
 * Smith's one-cycle policy per step, as PyTorch's OneCycleLR (two phases, cosine annealing) and fastai's
 * {@code fit_one_cycle}: from {@code max / div} up to {@code max} over the first {@code pctStart} of the steps,
 * then down to {@code max / div / finalDiv} at the last step. Both phases follow a half cosine.
 */
public record OneCycle(double max, int epochs, double pctStart, double div, double finalDiv)
        implements LearningRateSchedule {

    public OneCycle {
        LearningRateSchedules.requirePositive("learning rate", max);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("pct must be in (0, 1), got " + pctStart);
        }
        if (!(div >= 1) || !(finalDiv >= 1)) {
            throw new IllegalArgumentException("div and final_div must be >= 1, got " + div + ", " + finalDiv);
        }
    }

    @Override
    public double rate(int epoch, int step, int stepsPerEpoch) {
        double total = (double) epochs * stepsPerEpoch;
        // Steps past the planned run (a loop that trains longer) stay at the final rate.
        double s = Math.min(total - 1, LearningRateSchedule.globalStep(epoch, step, stepsPerEpoch));
        double start = max / div;
        double peakStep = pctStart * total - 1; // PyTorch's phase boundary
        if (peakStep > 0 && s <= peakStep) {
            return anneal(start, max, s / peakStep);
        }
        double from = Math.max(peakStep, 0);
        double downSteps = total - 1 - from;
        return anneal(max, start / finalDiv, downSteps <= 0 ? 1 : (s - from) / downSteps);
    }

    private static double anneal(double from, double to, double fraction) {
        return to + (from - to) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }
}
