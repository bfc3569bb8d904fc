package digits.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitClassifier;
import digits.api.DigitRecognizer;
import digits.api.Prediction;

import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The model that answers, replaceable while the server runs ({@code serve --learn}): predictions in flight finish on
 * the model they started with, which is closed only when none is using it any more. Each model that answers gets the
 * next version number, 1 for the model the server started with; {@link #modelId()} says it ({@code id v2}).
 */
public final class SwappableClassifier implements DigitClassifier {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private DigitRecognizer current;
    private int version = 1;
    private boolean closed;

    public SwappableClassifier(DigitRecognizer first) {
        this.current = first;
    }

    @Override
    public Prediction predict(float[] pixels) {
        lock.readLock().lock();
        try {
            return current.predict(pixels);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Prediction> predictBatch(List<float[]> images) {
        lock.readLock().lock();
        try {
            return current.predictBatch(images);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Class probabilities of many images from the model answering now (see {@link DigitRecognizer#probabilities}). */
    public float[] probabilities(float[] images) {
        lock.readLock().lock();
        try {
            return current.probabilities(images);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes {@code next} answer from now on and closes the model it replaces; returns the new version number. */
    public int swap(DigitRecognizer next) {
        DigitRecognizer old;
        int now;
        lock.writeLock().lock(); // waits for the predictions in flight
        try {
            if (closed) {
                next.close();
                throw new IllegalStateException("closed");
            }
            old = current;
            current = next;
            now = ++version;
        } finally {
            lock.writeLock().unlock();
        }
        old.close();
        return now;
    }

    public int version() {
        lock.readLock().lock();
        try {
            return version;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String modelId() {
        lock.readLock().lock();
        try {
            return current.modelId() + " v" + version;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What {@code GET /api/model} says about the model answering now, with its version. */
    public ObjectNode info() {
        lock.readLock().lock();
        try {
            ObjectNode info = ModelInfo.of(current);
            info.put("modelId", current.modelId() + " v" + version);
            info.put("version", version);
            return info;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            current.close();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
