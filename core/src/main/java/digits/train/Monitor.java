package digits.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A metric watched between epochs (early stopping, reduce-on-plateau), named as in Keras' history. */
public enum Monitor {
    VAL_LOSS("val_loss"),
    VAL_ACCURACY("val_accuracy"),
    LOSS("loss"),
    ACCURACY("accuracy");

    /** Whether smaller or larger values are better. */
    public enum Mode {
        MIN, MAX;

        /**
         * True when {@code current} beats {@code best} by more than {@code minDelta} (Keras' rule). NaN never
         * improves, so a diverged loss counts as a bad epoch.
         */
        public boolean improves(double current, double best, double minDelta) {
            return this == MIN ? current < best - minDelta : current > best + minDelta;
        }

        /** The starting "best" value, which any real number improves on. */
        public double worst() {
            return this == MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }

        /** Parses {@code min}/{@code max}; {@code auto} yields null (infer from the metric). */
        public static Mode parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "min" -> MIN;
                case "max" -> MAX;
                case "auto" -> null;
                default -> throw new IllegalArgumentException(
                        "unknown mode '" + text + "'; valid: auto, min, max");
            };
        }
    }

    private final String label;

    Monitor(String label) {
        this.label = label;
    }

    /** The Keras name, e.g. {@code val_loss}. */
    public String label() {
        return label;
    }

    /** Accuracy is maximised, loss minimised, as Keras infers from the name. */
    public Mode mode() {
        return label.endsWith("accuracy") ? Mode.MAX : Mode.MIN;
    }

    /** Whether the metric exists only when training runs with a validation set. */
    public boolean needsValidation() {
        return label.startsWith("val_");
    }

    /** The metric's value in one epoch's statistics (NaN for validation metrics without a validation set). */
    public double valueOf(EpochStats stats) {
        return switch (this) {
            case VAL_LOSS -> stats.valLoss();
            case VAL_ACCURACY -> stats.valAccuracy();
            case LOSS -> stats.loss();
            case ACCURACY -> stats.accuracy();
        };
    }

    /** Parses a Keras name ({@code val_loss}, {@code val_accuracy}, {@code loss}, {@code accuracy}). */
    public static Monitor parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Monitor monitor : values()) {
            if (monitor.label.equals(key)) {
                return monitor;
            }
        }
        throw new IllegalArgumentException("unknown monitor '" + text + "'; valid: " + Arrays.stream(values())
                .map(Monitor::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
