package digits.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import digits.data.Dataset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Copies the images of one mini-batch straight from the dataset's flat array into a reusable direct buffer,
 * which the engine reads without another copy on the Java side.
 */
final class BatchAssembler {
    private final ByteBuffer buffer;
    private final FloatBuffer floats;
    private final int[] labels;

    BatchAssembler(int batchSize) {
        buffer = ByteBuffer.allocateDirect(batchSize * Dataset.PIXELS * Float.BYTES).order(ByteOrder.nativeOrder());
        floats = buffer.asFloatBuffer();
        labels = new int[batchSize];
    }

    /** Images {@code order[from..from+n)} of {@code data} as an (n,1,28,28) array in {@code manager}. */
    NDArray images(NDManager manager, Dataset data, int[] order, int from, int n) {
        float[] pixels = data.pixels();
        floats.clear();
        for (int i = 0; i < n; i++) {
            floats.put(pixels, order[from + i] * Dataset.PIXELS, Dataset.PIXELS);
        }
        buffer.clear();
        buffer.limit(n * Dataset.PIXELS * Float.BYTES);
        return manager.create(buffer, new Shape(n, 1, Dataset.ROWS, Dataset.COLS), DataType.FLOAT32);
    }

    /** The labels of the same images, as a Java array (valid until the next call) and as an int64 array. */
    int[] labels(Dataset data, int[] order, int from, int n) {
        int[] all = data.labels();
        for (int i = 0; i < n; i++) labels[i] = all[order[from + i]];
        return labels;
    }
}
