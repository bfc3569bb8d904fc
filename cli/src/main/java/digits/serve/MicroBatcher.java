package digits.serve;

import digits.api.DigitClassifier;
import digits.api.Prediction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Groups single predictions that arrive together into one {@link DigitClassifier#predictBatch} call: a model answers a
 * small batch in little more time than one image (docs/benchmark.md, "Speed": one image against a batch of 1,000).
 *
 * <p>No thread of its own and no waiting window: a caller that finds the model idle runs the model itself, on every
 * request waiting at that moment (its own included, up to {@code maxBatch}), and hands each caller its result. Callers
 * that arrive while the model runs wait; when it is done, one of those still unanswered runs the next batch from all
 * that queued meanwhile. A lone request therefore costs what a direct call costs (no thread hand-off), and under load
 * the batches grow by themselves (measured with {@code digits bench-serve}: docs/api.md, "Measuring the server").
 * It is itself a {@link DigitClassifier}, so the server code is the same with and without it.
 * {@link #close()} refuses new requests and waits for those already queued; it does not close the wrapped classifier,
 * which its owner closes.
 */
public final class MicroBatcher implements DigitClassifier {
    public static final int DEFAULT_MAX_BATCH = 64;

    /** One caller's request; its fields are guarded by the batcher's lock. */
    private static final class Pending {
        final float[] pixels;
        boolean done;
        Prediction prediction;
        Throwable failure;

        Pending(float[] pixels) {
            this.pixels = pixels;
        }
    }

    private final DigitClassifier delegate;
    private final int maxBatch;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** A caller is running the model on a batch (guarded by the lock). */
    private boolean running;
    private boolean closed;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong predictions = new AtomicLong();

    public MicroBatcher(DigitClassifier delegate) {
        this(delegate, DEFAULT_MAX_BATCH);
    }

    public MicroBatcher(DigitClassifier delegate, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        this.delegate = delegate;
        this.maxBatch = maxBatch;
    }

    /** Queues the image and waits for its prediction, running batches itself while the model is free. */
    @Override
    public Prediction predict(float[] pixels) {
        Pending mine = new Pending(pixels);
        synchronized (lock) {
            if (closed) throw new IllegalStateException("the batcher is closed");
            queue.add(mine);
            while (running && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (queue.remove(mine)) throw new IllegalStateException("interrupted while waiting for a prediction", e);
                    // already taken into a batch: its answer comes, so wait for it like any other caller
                }
            }
            if (!mine.done) running = true;
        }
        if (!mine.done) runUntilAnswered(mine);
        if (mine.failure instanceof RuntimeException e) throw e;
        if (mine.failure instanceof Error e) throw e;
        if (mine.failure != null) throw new IllegalStateException(mine.failure);
        return mine.prediction;
    }

    /** Runs batches from the queue until {@code mine} is answered, then lets the next waiting caller take over. */
    private void runUntilAnswered(Pending mine) {
        try {
            while (!mine.done) {
                List<Pending> batch = new ArrayList<>();
                synchronized (lock) {
                    while (batch.size() < maxBatch && !queue.isEmpty()) batch.add(queue.poll());
                }
                List<Prediction> results = null;
                Throwable failure = null;
                try {
                    results = run(batch);
                } catch (Throwable e) { // every caller in the batch gets it, not just this one
                    failure = e;
                }
                synchronized (lock) {
                    for (int i = 0; i < batch.size(); i++) {
                        Pending p = batch.get(i);
                        p.done = true;
                        if (failure != null) p.failure = failure;
                        else p.prediction = results.get(i);
                    }
                    lock.notifyAll();
                }
            }
        } finally {
            synchronized (lock) {
                running = false;
                lock.notifyAll();
            }
        }
    }

    private List<Prediction> run(List<Pending> batch) {
        List<float[]> images = new ArrayList<>(batch.size());
        for (Pending p : batch) images.add(p.pixels);
        List<Prediction> results = delegate.predictBatch(images);
        if (results.size() != batch.size()) {
            throw new IllegalStateException(delegate.modelId() + ": predictBatch returned " + results.size()
                    + " predictions for " + batch.size() + " images");
        }
        batches.incrementAndGet();
        predictions.addAndGet(batch.size());
        return results;
    }

    /** Already a batch: goes straight to the classifier. */
    @Override
    public List<Prediction> predictBatch(List<float[]> images) {
        return delegate.predictBatch(images);
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    /** Number of predictions queued and not yet taken into a batch. */
    public int waiting() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Number of {@code predictBatch} calls made for queued predictions so far. */
    public long batches() {
        return batches.get();
    }

    /** Number of queued predictions answered so far; divided by {@link #batches()} it gives the mean batch size. */
    public long predictions() {
        return predictions.get();
    }

    /**
     * Refuses new requests and waits (at most 30 s) until those already queued are answered; a running batch is never
     * interrupted (an interrupt inside the engine can break it). The wrapped classifier stays open.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        synchronized (lock) {
            closed = true;
            while ((running || !queue.isEmpty()) && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
