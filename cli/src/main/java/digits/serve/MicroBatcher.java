package digits.serve;

import digits.api.DigitClassifier;
import digits.api.Prediction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Groups single predictions that arrive close together into one {@link DigitClassifier#predictBatch} call: a model
 * answers a small batch in little more time than one image (docs/benchmark.md, "Speed": one image against a batch of
 * 1,000). A background thread takes the first waiting request, collects
 * whatever else arrives within the window (up to {@code maxBatch}), runs the batch and hands each caller its own result.
 * While a batch runs, new requests queue up and form the next batch, so under load batches grow without waiting.
 *
 * <p>The cost is extra latency for a lone request (the window plus a thread hand-off), so it is a switch
 * ({@code digits serve --batching}), off by default: it pays off for a small model under many concurrent clients,
 * while the drawing page has one user at a time (measured with {@code digits bench-serve}: docs/api.md, "Measuring the
 * server").
 * It is itself a {@link DigitClassifier}, so the server code is the same with and without it.
 * {@link #close()} stops the batching thread; it does not close the wrapped classifier, which its owner closes.
 */
public final class MicroBatcher implements DigitClassifier {
    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(2);
    public static final int DEFAULT_MAX_BATCH = 64;

    private record Pending(float[] pixels, CompletableFuture<Prediction> result) {}

    /** Queued by {@link #close()}: the worker stops when it reaches it, after everything queued before. */
    private static final Pending STOP = new Pending(new float[0], new CompletableFuture<>());

    private final DigitClassifier delegate;
    private final long windowNanos;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong predictions = new AtomicLong();
    private volatile boolean closed;

    public MicroBatcher(DigitClassifier delegate) {
        this(delegate, DEFAULT_WINDOW, DEFAULT_MAX_BATCH);
    }

    public MicroBatcher(DigitClassifier delegate, Duration window, int maxBatch) {
        if (window.isNegative()) throw new IllegalArgumentException("batching window must not be negative: " + window);
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        this.delegate = delegate;
        this.windowNanos = window.toNanos();
        this.maxBatch = maxBatch;
        this.worker = new Thread(this::runBatches, "digits-microbatcher");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues the image for the next batch and waits for its prediction. */
    @Override
    public Prediction predict(float[] pixels) {
        if (closed) throw new IllegalStateException("the batcher is closed");
        Pending pending = new Pending(pixels, new CompletableFuture<>());
        queue.add(pending);
        if (closed && queue.remove(pending)) throw new IllegalStateException("the batcher is closed");
        try {
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.result.cancel(false);
            throw new IllegalStateException("interrupted while waiting for a prediction", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IllegalStateException(cause);
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
        return queue.size();
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
     * Answers the requests already queued, then stops the batching thread; later requests fail. A running batch is never
     * interrupted (an interrupt inside the engine can break it). The wrapped classifier stays open.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        queue.add(STOP);
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new IllegalStateException("the batcher is closed"));
        }
    }

    private void runBatches() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            try {
                Pending first = queue.take();
                if (first == STOP) return;
                batch.add(first);
                long deadline = System.nanoTime() + windowNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) break;
                    if (next == STOP) {
                        stop = true;
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                stop = true;
            }
            if (!batch.isEmpty()) run(batch);
            batch.clear();
        }
    }

    private void run(List<Pending> batch) {
        batch.removeIf(p -> p.result.isCancelled());
        if (batch.isEmpty()) return;
        List<float[]> images = new ArrayList<>(batch.size());
        for (Pending p : batch) images.add(p.pixels);
        try {
            List<Prediction> results = delegate.predictBatch(images);
            if (results.size() != batch.size()) {
                throw new IllegalStateException(delegate.modelId() + ": predictBatch returned " + results.size()
                        + " predictions for " + batch.size() + " images");
            }
            batches.incrementAndGet();
            predictions.addAndGet(batch.size());
            for (int i = 0; i < batch.size(); i++) batch.get(i).result.complete(results.get(i));
        } catch (Throwable t) {
            // Every caller in the batch gets the failure; the thread lives on for the next batch.
            for (Pending p : batch) p.result.completeExceptionally(t);
        }
    }
}
