package digits.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import digits.model.EngineSetup;

import java.util.Locale;

/**
 * The measured float32 peak: a large square matrix multiply through the engine (PyTorch's CPU GEMM), with the same
 * engine threads as training. GEMM is the best-tuned kernel the engine has, so its rate is what the CPU can
 * actually sustain for the work that dominates training; a model reaching it is compute-bound and done.
 */
public final class PeakFlops {
    private PeakFlops() {}

    /**
     * @param size           rows = columns of both matrices ({@code 2 * size^3} FLOPs per multiply)
     * @param warmups        untimed multiplies first (thread pool start, page faults, CPU clock ramp)
     * @param repeats        timed multiplies
     * @param bestGflops     the fastest multiply: the figure percentages of peak use
     * @param medianGflops   the median multiply (how steady the machine was)
     */
    public record Result(int size, int warmups, int repeats, double bestSeconds, double medianSeconds, double bestGflops,
                         double medianGflops) {
        public String describe() {
            return String.format(Locale.ROOT, "%dx%d float32 matmul, %d timed after %d warm-up: best %.1f GFLOP/s "
                    + "(%.1f ms), median %.1f GFLOP/s", size, size, repeats, warmups, bestGflops, bestSeconds * 1e3, medianGflops);
        }
    }

    public static Result measure(int size, int warmups, int repeats) {
        if (size < 1 || repeats < 1 || warmups < 0) {
            throw new IllegalArgumentException("peak matmul needs a positive size and repeats, got size " + size
                    + ", repeats " + repeats);
        }
        double flops = 2.0 * size * size * size;
        double[] seconds = new double[repeats];
        try (NDManager manager = EngineSetup.engine().newBaseManager()) {
            NDArray a = manager.randomUniform(-1, 1, new Shape(size, size));
            NDArray b = manager.randomUniform(-1, 1, new Shape(size, size));
            for (int i = 0; i < warmups + repeats; i++) {
                try (NDManager scope = manager.newSubManager()) {
                    long start = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.attach(scope);
                    // PyTorch runs CPU operators eagerly: the product is complete when matMul returns.
                    long end = System.nanoTime();
                    if (i >= warmups) seconds[i - warmups] = (end - start) / 1e9;
                }
            }
        }
        double best = Stats.min(seconds);
        double median = Stats.median(seconds);
        return new Result(size, warmups, repeats, best, median, flops / best / 1e9, flops / median / 1e9);
    }
}
