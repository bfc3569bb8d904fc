package digits.bench;

import digits.data.Dataset;
import digits.data.augment.AugmentOptions;
import digits.data.augment.Augmenter;
import digits.data.augment.BatchPipeline;
import digits.data.MnistFiles;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times augmentation on the calling thread, for {@code digits bench} and for the numbers in
 * {@code docs/augmentation.md}. Run the {@link #main} after {@code ./digits bench --help} has built the bench module:
 * {@code java -cp 'core/target/digits-core.jar:cli/target/digits-cli.jar:cli/target/lib/*:bench/target/digits-bench.jar'
 * digits.bench.AugmentBenchmark [images [SPEC]]} (SPEC as {@code --augment} takes it; default: the default ranges).
 */
public final class AugmentBenchmark {
    private static final int BATCH = 128;

    private AugmentBenchmark() {}

    /** CPU nanoseconds per image to augment {@code images} images of {@code data} with the default options, after a warm-up. */
    public static double run(Dataset data, int images) {
        return run(data, images, new Augmenter(AugmentOptions.DEFAULTS));
    }

    /** CPU nanoseconds per image for {@code augmenter} (null: plain copy, the cost of gathering a batch). */
    public static double run(Dataset data, int images, Augmenter augmenter) {
        if (images < 1) throw new IllegalArgumentException("images must be >= 1, got " + images);
        if (data.size() == 0) throw new IllegalArgumentException(data.name() + " has no images");
        float[] out = new float[BATCH * Dataset.PIXELS];
        pass(data, Math.max(images, 20_000), augmenter, out); // let the JIT compile the loop first
        long start = cpuNanos();
        pass(data, images, augmenter, out);
        return (cpuNanos() - start) / (double) images;
    }

    private static void pass(Dataset data, int images, Augmenter augmenter, float[] out) {
        float[] src = data.pixels();
        SplittableRandom random = null;
        for (int i = 0; i < images; i++) {
            int slot = i % BATCH;
            if (slot == 0) random = Augmenter.random(1, 0, i / BATCH);
            int from = (i % data.size()) * Dataset.PIXELS;
            if (augmenter == null) {
                System.arraycopy(src, from, out, slot * Dataset.PIXELS, Dataset.PIXELS);
            } else {
                augmenter.augment(src, from, out, slot * Dataset.PIXELS, random);
            }
        }
    }

    /** Milliseconds per batch when a one-worker pipeline prepares a whole epoch of {@code data} (the consumer does nothing). */
    public static double pipelineMsPerBatch(Dataset data, Augmenter augmenter, int batchSize) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        long start = System.nanoTime();
        int batches = 0;
        try (BatchPipeline p = BatchPipeline.start(data, order, batchSize, augmenter, 1, 1)) {
            while (p.hasNext()) {
                p.next().release();
                batches++;
            }
        }
        return (System.nanoTime() - start) / 1e6 / Math.max(batches, 1);
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        AugmentOptions options = args.length > 1 ? AugmentOptions.parse(args[1]) : AugmentOptions.DEFAULTS;
        Dataset train = MnistFiles.train();
        Augmenter augmenter = new Augmenter(options);
        double augment = run(train, images, augmenter);
        float[] out = new float[BATCH * Dataset.PIXELS];
        long allocated = allocatedBytes(() -> pass(train, images, augmenter, out)); // compiled by now
        double copy = run(train, images, null);
        pipelineMsPerBatch(train, augmenter, BATCH); // warm-up
        double pipelineAugment = pipelineMsPerBatch(train, augmenter, BATCH);
        double pipelineCopy = pipelineMsPerBatch(train, null, BATCH);
        System.out.printf(Locale.ROOT, "augment (%s), 1 thread: %.0f ns/image, %.3f ms per %d-image batch (CPU time)%n",
                augmenter.options(), augment, augment * BATCH / 1e6, BATCH);
        System.out.printf(Locale.ROOT, "copy only, 1 thread: %.0f ns/image, %.3f ms per %d-image batch (CPU time)%n",
                copy, copy * BATCH / 1e6, BATCH);
        System.out.printf(Locale.ROOT, "heap allocated while augmenting: %.2f bytes/image%n", allocated / (double) images);
        System.out.printf(Locale.ROOT, "pipeline, 1 worker, an epoch of %d: %.3f ms/batch augmented, %.3f ms/batch copy only (wall)%n",
                train.size(), pipelineAugment, pipelineCopy);
    }

    /**
     * CPU time of this thread where the JVM measures it, else wall time: on a busy machine the wall clock also
     * counts the time other processes had the core, which is not the cost of augmenting.
     */
    private static long cpuNanos() {
        var bean = ManagementFactory.getThreadMXBean();
        return bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static long allocatedBytes(Runnable r) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        r.run();
        return bean.getThreadAllocatedBytes(id) - before;
    }
}
