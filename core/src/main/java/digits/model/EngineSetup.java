package digits.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Configures the PyTorch engine before its first use: thread pools and the random seed. */
public final class EngineSetup {
    private static volatile boolean started;
    private static final ThreadLocal<Boolean> GRAD_MODE_SET = ThreadLocal.withInitial(() -> false);

    private EngineSetup() {}

    /**
     * Sets PyTorch's intra-op thread count (default: all available cores). Must run before the engine loads;
     * later calls only take effect for the seed.
     */
    public static synchronized void threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("the engine's thread count must be at least 1, got " + threads);
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
        prepare();
        Engine engine = Engine.getEngine("PyTorch");
        if (!GRAD_MODE_SET.get()) {
            // Loading the engine turns autograd recording off as DJL expects, but PyTorch keeps that per thread:
            // a thread other than the loader must do it too, or in-place updates of weights fail.
            JniUtils.setGradMode(false);
            GRAD_MODE_SET.set(true);
        }
        return engine;
    }

    /**
     * Makes the calling thread ready for inference: without this, a thread other than the one that loaded the engine
     * (a web server's, a batcher's) records an autograd graph on every forward pass, which makes one image several
     * times slower (docs/benchmark.md, "JVM settings").
     */
    public static void readyThisThread() {
        if (!GRAD_MODE_SET.get()) engine();
    }

    /**
     * Starts loading the engine (native libraries, a noticeable part of a short command's time) on a background thread,
     * so that it overlaps the caller's data loading (what it saves: docs/benchmark.md, "JVM settings"); the next
     * {@link #engine()} waits for it. A failure surfaces there, on the caller's thread.
     */
    public static void startLoading() {
        prepare(); // the environment and malloc settings are made here, before another thread exists to race them
        Thread loader = new Thread(() -> {
            try {
                engine();
            } catch (RuntimeException e) {
                // engine() on the caller's thread loads again and reports the error
            }
        }, "engine-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private static synchronized void prepare() {
        if (!started) {
            if (System.getProperty("ai.djl.pytorch.num_threads") == null) threads(defaultThreads());
            System.setProperty("ai.djl.offline", "true");
            NativeTuning.apply(); // before PyTorch and its OpenMP runtime load
            started = true;
        }
    }

    /** Seeds PyTorch's generator (weight initialisation, dropout). */
    public static void seed(long seed) {
        engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
    }
}
