package digits.serve;

import digits.api.DigitClassifier;
import digits.api.Prediction;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Groups single predictions that arrive together into one {@link DigitClassifier#predictBatch} call: a model answers a
 * small batch in little more time than one image (docs/benchmark.md, "Speed": one image against a batch of 1,000).
 *
 * <p>No thread of its own and no waiting window: a caller that finds the model idle runs the model itself, on every
 * request waiting at that moment (its own included, up to {@code maxBatch}), and wakes each of those callers with its
 * result. Callers that arrive while the model runs wait; when the runner has its own answer it hands the model to the
 * first caller still waiting, who runs the next batch from all that queued meanwhile. A lone request therefore costs
 * what a direct call costs (no thread hand-off), under load the batches grow by themselves, and each caller is woken
 * once, by name (measured with {@code digits bench-serve}: docs/api.md, "Measuring the server").
 * It is itself a {@link DigitClassifier}, so the server code is the same with and without it.
 * {@link #close()} refuses new requests and waits for those already queued; it does not close the wrapped classifier,
 * which its owner closes. A caller interrupted while it waits still gets its answer (a batch is short), with its
 * interrupt flag set again.
 */
public final class MicroBatcher implements DigitClassifier {
    public static final int DEFAULT_MAX_BATCH = 64;

    /** One caller's request. */
    private static final class Pending {
        final float[] pixels;
        final Thread caller = Thread.currentThread();
        /** Set by the runner of its batch, then the caller is woken. */
        volatile boolean done;
        /** Set when the caller is to run the next batches itself, then the caller is woken. */
        volatile boolean runs;
        Prediction prediction;
        Throwable failure;

        Pending(float[] pixels) {
            this.pixels = pixels;
        }
    }

    private final DigitClassifier delegate;
    private final int maxBatch;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the model falls idle with nothing queued (for {@link #close()}). */
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    /** A caller is running batches (guarded by the lock). */
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

    /** Queues the image and waits for its prediction, running batches itself when the model is free. */
    @Override
    public Prediction predict(float[] pixels) {
        Pending mine = new Pending(pixels);
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("the batcher is closed");
            queue.add(mine);
            if (!running) {
                running = true;
                mine.runs = true;
            }
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (!mine.done && !mine.runs) {
            LockSupport.park(this);
            if (Thread.interrupted()) interrupted = true;
        }
        if (!mine.done) runUntilAnswered(mine);
        if (interrupted) Thread.currentThread().interrupt();
        if (mine.failure instanceof RuntimeException e) throw e;
        if (mine.failure instanceof Error e) throw e;
        if (mine.failure != null) throw new IllegalStateException(mine.failure);
        return mine.prediction;
    }

    /** Runs batches from the queue until {@code mine} is answered, then hands the model to the next waiting caller. */
    private void runUntilAnswered(Pending mine) {
        try {
            while (!mine.done) {
                List<Pending> batch = new ArrayList<>();
                lock.lock();
                try {
                    while (batch.size() < maxBatch && !queue.isEmpty()) batch.add(queue.poll());
                } finally {
                    lock.unlock();
                }
                answer(batch, mine);
            }
        } finally {
            lock.lock();
            try {
                Pending next = queue.peek();
                if (next == null) {
                    running = false;
                    idle.signalAll();
                } else {
                    next.runs = true;
                    LockSupport.unpark(next.caller);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs the model on the batch and wakes each caller in it but {@code runner} with its result or the failure. */
    private void answer(List<Pending> batch, Pending runner) {
        List<Prediction> results = null;
        Throwable failure = null;
        try {
            List<float[]> images = new ArrayList<>(batch.size());
            for (Pending p : batch) images.add(p.pixels);
            results = delegate.predictBatch(images);
            if (results.size() != batch.size()) {
                throw new IllegalStateException(delegate.modelId() + ": predictBatch returned " + results.size()
                        + " predictions for " + batch.size() + " images");
            }
            batches.incrementAndGet();
            predictions.addAndGet(batch.size());
        } catch (Throwable e) { // every caller in the batch gets it, not just the runner
            failure = e;
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (failure != null) p.failure = failure;
            else p.prediction = results.get(i);
            p.done = true; // after the result: a volatile write publishes it
            if (p != runner) LockSupport.unpark(p.caller);
        }
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
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        lock.lock();
        try {
            closed = true;
            while (running || !queue.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || idle.awaitNanos(left) <= 0) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
