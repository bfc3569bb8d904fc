package digits.model;

import ai.djl.engine.Engine;

/** Configures the PyTorch engine before its first use: thread pools and the random seed. */
public final class EngineSetup {
    private static volatile boolean started;

    private EngineSetup() {}

    /**
     * Sets PyTorch's intra-op thread count (default: all available cores). Must run before the engine loads;
     * later calls only take effect for the seed.
     */
    public static synchronized void threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        if (!started) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            // One inter-op thread: our graphs are sequential, extra pools only compete for the cores.
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        System.setProperty("ai.djl.offline", "true");
    }

    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The engine, started on first use (with the default thread count unless {@link #threads} ran first). */
    public static synchronized Engine engine() {
        if (!started) {
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) threads(defaultThreads());
            System.setProperty("ai.djl.offline", "true");
            NativeTuning.apply(); // before PyTorch and its OpenMP runtime load
            started = true;
        }
        return Engine.getEngine("PyTorch");
    }

    /** Seeds PyTorch's generator (weight initialisation, dropout). */
    public static void seed(long seed) {
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
