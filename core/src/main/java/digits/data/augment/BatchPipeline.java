package digits.data.augment;

import digits.data.Dataset;
import digits.data.Deskew;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Prepares one epoch's mini-batches on background threads while the training thread runs the model: gathers
 * the images of {@code order} batch by batch, augments them when an {@link Augmenter} is given, and hands them
 * out in order. A fixed pool of {@code depth + 1} buffers is reused, so nothing is allocated per image and the
 * workers can be at most {@code depth} batches ahead of the one the consumer holds.
 *
 * <pre>{@code
 * try (BatchPipeline p = BatchPipeline.start(data, order, 128, augmenter, seed, epoch)) {
 *     while (p.hasNext()) {
 *         Batch b = p.next();
 *         ... b.pixels() / b.pixelBuffer(), b.labels(), b.size() ...
 *         b.release();
 *     }
 * }
 * }</pre>
 *
 * <p>Batch {@code i} is augmented with {@link Augmenter#random(long, int, int) random(seed, epoch, i)}, so the
 * output does not depend on the number of workers or their timing. A worker's exception is rethrown by
 * {@link #next()}; {@link #close()} stops the workers at any point and waits for them.
 */
public final class BatchPipeline implements AutoCloseable {
    /** One worker: the machine has few cores and the engine uses them for the training step. */
    public static final int DEFAULT_WORKERS = 1;
    public static final int DEFAULT_DEPTH = 3;

    private final Dataset data;
    private final int[] order;
    private final int batchSize;
    private final Augmenter augmenter;
    private final boolean straighten;
    private final long seed;
    private final int epoch;
    private final int batches;
    private final int poolSize;
    private final ArrayBlockingQueue<Batch> free;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger lent = new AtomicInteger();
    private final Batch[] ready;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread[] workers;
    private volatile Throwable failure;
    private volatile boolean closed;
    /** Consumer side only. */
    private int delivered;

    private BatchPipeline(Dataset data, int[] order, int batchSize, Augmenter augmenter, boolean straighten, long seed,
                          int epoch, int workerCount, int depth) {
        this.data = data;
        this.order = order;
        this.batchSize = batchSize;
        this.augmenter = augmenter;
        this.straighten = straighten;
        this.seed = seed;
        this.epoch = epoch;
        this.batches = (order.length + batchSize - 1) / batchSize;
        this.poolSize = depth + 1;
        this.ready = new Batch[batches];
        this.free = new ArrayBlockingQueue<>(poolSize);
        int capacity = Math.min(batchSize, Math.max(order.length, 1));
        for (int i = 0; i < poolSize; i++) free.add(new Batch(this, capacity, data.hasLabels()));
        this.workers = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++) {
            workers[i] = new Thread(this::work, "digits-batches-e" + epoch + "-" + (i + 1));
            workers[i].setDaemon(true);
        }
    }

    /** {@link #start(Dataset, int[], int, Augmenter, long, int, int, int)} with the default workers and depth. */
    public static BatchPipeline start(Dataset data, int[] order, int batchSize, Augmenter augmenter, long seed, int epoch) {
        return start(data, order, batchSize, augmenter, seed, epoch, DEFAULT_WORKERS, DEFAULT_DEPTH);
    }

    /**
     * As {@link #start(Dataset, int[], int, Augmenter, long, int)}; with {@code straighten} every image is straightened
     * ({@link Deskew}) last, after its augmentation, as a deskewing model straightens what it reads.
     */
    public static BatchPipeline start(Dataset data, int[] order, int batchSize, Augmenter augmenter, boolean straighten,
                                      long seed, int epoch) {
        return launch(data, order, batchSize, augmenter, straighten, seed, epoch, DEFAULT_WORKERS, DEFAULT_DEPTH);
    }

    /**
     * Starts preparing batches.
     *
     * @param data      the images (and labels, if any)
     * @param order     the dataset indices of this epoch, in batch order; copied, so the caller may reshuffle it
     * @param batchSize images per batch; the last batch may be smaller
     * @param augmenter applied to every image, or null to pass images through unchanged
     * @param seed      with {@code epoch}, determines the augmentation
     * @param epoch     the epoch number, so each epoch draws different transforms
     * @param workers   background threads, at least 1
     * @param depth     batches prepared ahead of the one the consumer holds, at least 1
     */
    public static BatchPipeline start(Dataset data, int[] order, int batchSize, Augmenter augmenter, long seed, int epoch,
                                      int workers, int depth) {
        return launch(data, order, batchSize, augmenter, false, seed, epoch, workers, depth);
    }

    private static BatchPipeline launch(Dataset data, int[] order, int batchSize, Augmenter augmenter, boolean straighten,
                                        long seed, int epoch, int workers, int depth) {
        Objects.requireNonNull(data);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        if (depth < 1) throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        int[] copy = order.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] < 0 || copy[i] >= data.size()) {
                throw new IllegalArgumentException("order[" + i + "] = " + copy[i] + " is not an index of "
                        + data.name() + " (" + data.size() + " images)");
            }
        }
        BatchPipeline p = new BatchPipeline(data, copy, batchSize, augmenter, straighten, seed, epoch, workers, depth);
        for (Thread t : p.workers) t.start();
        return p;
    }

    /** Batches in this epoch. */
    public int batches() { return batches; }

    public boolean hasNext() { return delivered < batches; }

    /**
     * The next batch in order, waiting until it is ready.
     *
     * @throws IllegalStateException  when closed, or when every buffer is lent out (release batches first)
     * @throws CancellationException  when the calling thread is interrupted while waiting (the flag stays set)
     * @throws RuntimeException       the exception a worker failed with, as thrown there
     */
    public Batch next() {
        if (closed) throw new IllegalStateException("batch pipeline is closed");
        if (delivered >= batches) throw new NoSuchElementException("all " + batches + " batches were delivered");
        if (lent.get() >= poolSize) {
            throw new IllegalStateException("all " + poolSize + " batch buffers are lent out: release() a batch before taking the next");
        }
        Batch b;
        lock.lock();
        try {
            while ((b = ready[delivered]) == null) {
                rethrowFailure();
                if (closed) throw new IllegalStateException("batch pipeline was closed while waiting for batch " + delivered);
                changed.await();
            }
            ready[delivered] = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for batch " + delivered);
        } finally {
            lock.unlock();
        }
        delivered++;
        lent.incrementAndGet();
        b.held(true);
        return b;
    }

    /** Stops the workers and waits for them; batches already handed out stay readable. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Thread t : workers) t.interrupt();
        signal();
        boolean interrupted = false;
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Worker threads still running (for tests). */
    int liveWorkers() {
        int n = 0;
        for (Thread t : workers) if (t.isAlive()) n++;
        return n;
    }

    void release(Batch b) {
        if (!b.held()) throw new IllegalStateException("batch released twice: a batch must not be used after release()");
        b.held(false);
        lent.decrementAndGet();
        free.add(b);
    }

    private void work() {
        try {
            while (!closed && failure == null) {
                // Take a buffer before claiming a batch number: then the lowest unfinished batch always has a
                // buffer and a worker, and the consumer cannot wait on a batch that nobody can prepare.
                Batch b = free.take();
                int index = claimed.getAndIncrement();
                if (index >= batches) {
                    free.add(b); // lets the other workers see the end too
                    return;
                }
                fill(b, index);
                lock.lock();
                try {
                    ready[index] = b;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            // close(): stop quietly
        } catch (Throwable t) {
            if (failure == null) failure = t;
            signal();
        }
    }

    private void fill(Batch b, int index) {
        int from = index * batchSize;
        int n = Math.min(batchSize, order.length - from);
        float[] src = data.pixels();
        float[] dst = b.pixels();
        int[] labels = data.labels();
        SplittableRandom random = augmenter == null ? null : Augmenter.random(seed, epoch, index);
        float[] augmented = straighten && random != null ? new float[Dataset.PIXELS] : null;
        for (int i = 0; i < n; i++) {
            int image = order[from + i];
            int at = i * Dataset.PIXELS;
            if (random == null && straighten) {
                Deskew.straighten(src, image * Dataset.PIXELS, dst, at);
            } else if (random == null) {
                System.arraycopy(src, image * Dataset.PIXELS, dst, at, Dataset.PIXELS);
            } else if (straighten) {
                augmenter.augment(src, image * Dataset.PIXELS, augmented, 0, random);
                Deskew.straighten(augmented, 0, dst, at);
            } else {
                augmenter.augment(src, image * Dataset.PIXELS, dst, at, random);
            }
            if (labels != null) b.labels()[i] = labels[image];
        }
        b.filled(index, n);
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t == null) return;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException("preparing a batch failed: " + t, t);
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
