package digits.data.augment;

import digits.data.Dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One prepared mini-batch from a {@link BatchPipeline}: a reusable buffer, lent to the consumer until
 * {@link #release()}. The pixels are in two forms: a Java array, and a direct native-order buffer with the same
 * values that an engine can wrap without copying (PyTorch's {@code from_blob}: the tensor then reads this
 * memory, so release the batch only once the engine is done with it, e.g. after the optimizer step).
 */
public final class Batch {
    private final BatchPipeline owner;
    private final float[] pixels;
    private final int[] labels;
    private final ByteBuffer direct;
    private final FloatBuffer directFloats;
    private int index;
    private int size;
    /** Lent to the consumer: set and cleared on the consumer's side only. */
    private volatile boolean held;

    Batch(BatchPipeline owner, int capacity, boolean labelled) {
        this.owner = owner;
        this.pixels = new float[capacity * Dataset.PIXELS];
        this.labels = labelled ? new int[capacity] : null;
        this.direct = ByteBuffer.allocateDirect(capacity * Dataset.PIXELS * Float.BYTES).order(ByteOrder.nativeOrder());
        this.directFloats = direct.asFloatBuffer();
    }

    /** The batch's number in the epoch, 0-based. */
    public int index() { return index; }

    /** Images in this batch: the batch size, or fewer for the last one. */
    public int size() { return size; }

    /** {@code size() * 784} valid pixel values (the array may be longer). */
    public float[] pixels() { return pixels; }

    /** {@code size()} valid labels, or null for unlabelled data. */
    public int[] labels() { return labels; }

    /** The same pixels in direct memory, position 0 and limit {@code size() * 784 * 4} bytes. */
    public ByteBuffer pixelBuffer() { return direct; }

    /** Hands the buffer back to the pipeline for a later batch; the batch must not be used afterwards. */
    public void release() {
        owner.release(this);
    }

    /** Worker side: records what was written into {@link #pixels} and mirrors it into direct memory. */
    void filled(int batchIndex, int images) {
        index = batchIndex;
        size = images;
        int values = images * Dataset.PIXELS;
        directFloats.clear();
        directFloats.put(pixels, 0, values);
        direct.clear();
        direct.limit(values * Float.BYTES);
    }

    boolean held() { return held; }

    void held(boolean value) { held = value; }
}
