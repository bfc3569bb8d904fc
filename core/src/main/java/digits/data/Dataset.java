package digits.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Objects;

/**
 * An in-memory set of 28x28 grayscale digits, pixels scaled to [0,1], with optional labels.
 * Images are stored row-major in one flat array so batches can be assembled with a single copy.
 */
public final class Dataset {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;
    public static final int CLASSES = 10;

    private final String name;
    private final float[] pixels;
    private final int[] labels;

    /**
     * @param name   where the data came from, used in messages
     * @param pixels {@code size * 784} values in [0,1]
     * @param labels one label 0-9 per image, or {@code null} for unlabelled data (Kaggle test.csv)
     */
    public Dataset(String name, float[] pixels, int[] labels) {
        this.name = Objects.requireNonNull(name);
        this.pixels = Objects.requireNonNull(pixels);
        if (pixels.length % PIXELS != 0) {
            throw new IllegalArgumentException(name + ": pixel array length " + pixels.length + " is not a multiple of " + PIXELS);
        }
        if (labels != null && labels.length != pixels.length / PIXELS) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + pixels.length / PIXELS + " images");
        }
        this.labels = labels;
    }

    public String name() { return name; }

    public int size() { return pixels.length / PIXELS; }

    public boolean hasLabels() { return labels != null; }

    public int label(int index) {
        if (labels == null) throw new IllegalStateException(name + " has no labels");
        return labels[index];
    }

    /** The backing array: {@code size() * 784} floats. Callers must not modify it. */
    public float[] pixels() { return pixels; }

    /** The backing label array, or null. Callers must not modify it. */
    public int[] labels() { return labels; }

    /** A copy of one image's 784 pixels. */
    public float[] image(int index) {
        return Arrays.copyOfRange(pixels, index * PIXELS, (index + 1) * PIXELS);
    }

    /** Copies one image into {@code dest} at {@code offset}. */
    public void copyImage(int index, float[] dest, int offset) {
        System.arraycopy(pixels, index * PIXELS, dest, offset, PIXELS);
    }

    /** A new dataset holding the given images, in the given order. */
    public Dataset subset(int[] indices, String subsetName) {
        float[] p = new float[indices.length * PIXELS];
        int[] l = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            copyImage(indices[i], p, i * PIXELS);
            if (l != null) l[i] = labels[indices[i]];
        }
        return new Dataset(subsetName, p, l);
    }

    /** The images of {@code first} then those of {@code second}; both labelled, or neither. */
    public static Dataset concat(String name, Dataset first, Dataset second) {
        if (first.hasLabels() != second.hasLabels()) {
            throw new IllegalArgumentException("cannot join " + first.name() + " and " + second.name() + ": only one has labels");
        }
        float[] p = Arrays.copyOf(first.pixels, first.pixels.length + second.pixels.length);
        System.arraycopy(second.pixels, 0, p, first.pixels.length, second.pixels.length);
        int[] l = null;
        if (first.hasLabels()) {
            l = Arrays.copyOf(first.labels, first.labels.length + second.labels.length);
            System.arraycopy(second.labels, 0, l, first.labels.length, second.labels.length);
        }
        return new Dataset(name, p, l);
    }

    /** The same images in an order that depends only on the seed. */
    public Dataset shuffled(long seed, String shuffledName) {
        List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, size()).boxed().toList());
        Collections.shuffle(order, new Random(seed));
        return subset(order.stream().mapToInt(Integer::intValue).toArray(), shuffledName);
    }

    /** The first {@code n} images (or all, if there are fewer). */
    public Dataset head(int n) {
        int k = Math.min(n, size());
        return new Dataset(name, Arrays.copyOf(pixels, k * PIXELS), labels == null ? null : Arrays.copyOf(labels, k));
    }

    /** Images per label 0-9; all zero for unlabelled data. */
    public int[] labelCounts() {
        int[] counts = new int[CLASSES];
        if (labels != null) for (int l : labels) counts[l]++;
        return counts;
    }
}
