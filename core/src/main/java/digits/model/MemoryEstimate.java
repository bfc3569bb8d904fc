package digits.model;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * About how much memory a network needs, from its spec alone, so a spec that can't fit is refused before anything is
 * allocated (a typo such as {@code 100000C3} would otherwise train until the kernel kills the process). Rough on
 * purpose: float32 values, the parameters with their gradients and two optimizer moments, and each layer's output
 * for the forward pass, its activation and its gradient.
 */
public final class MemoryEstimate {
    private static final long FLOAT = 4;
    /** Parameters, their gradients and Adam's two moments. */
    private static final long COPIES_PER_PARAMETER = 4;
    /** A layer's output, its ReLU output and the gradient of each on the way back. */
    private static final long COPIES_PER_ACTIVATION = 4;

    private MemoryEstimate() {}

    /**
     * Bytes to train {@code spec} with {@code batchSize} images a step, and to evaluate it (without gradients) in
     * batches of {@link DigitModel#DEFAULT_EVAL_BATCH}.
     */
    public static long trainingBytes(ModelSpec spec, int batchSize) {
        ModelSummary summary = ModelSummary.of(spec);
        long perImage = summary.activationsPerImage();
        long activations = Math.max(COPIES_PER_ACTIVATION * batchSize, 2L * DigitModel.DEFAULT_EVAL_BATCH) * perImage;
        return FLOAT * (COPIES_PER_PARAMETER * summary.totalParams() + activations);
    }

    /** This machine's physical memory (the container's limit where there is one), or 0 when unknown. */
    public static long machineBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** Null when {@code spec} can be trained here with {@code batchSize}, else why not. */
    public static String tooLargeToTrain(ModelSpec spec, int batchSize) {
        long needed = trainingBytes(spec, batchSize);
        long machine = machineBytes();
        if (machine <= 0 || needed <= machine) return null;
        return String.format(Locale.ROOT, "model %s needs about %s to train with batches of %d (%,d parameters), more than "
                + "this machine's %s", spec, gigabytes(needed), batchSize, ModelSummary.of(spec).totalParams(), gigabytes(machine));
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
