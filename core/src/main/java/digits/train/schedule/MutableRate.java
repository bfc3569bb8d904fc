package digits.train.schedule;

import ai.djl.training.tracker.Tracker;

/**
 * A DJL learning-rate tracker whose value the training loop sets from its schedule before each optimizer step;
 * the optimizer then reads it for every parameter of that step.
 */
public final class MutableRate implements Tracker {

    private volatile float value;

    public MutableRate(double initial) {
        set(initial);
    }

    /** Sets the rate the next optimizer step uses. */
    public void set(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + rate);
        }
        this.value = (float) rate;
    }

    public float get() {
        return value;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return value;
    }
}
