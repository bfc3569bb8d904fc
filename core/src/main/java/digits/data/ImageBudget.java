package digits.data;

import java.util.Locale;

/**
 * How many images this JVM can afford to load, so that a small compressed file whose content expands to gigabytes
 * (a gzip "bomb": 760 KB of gzip can hold a million blank images) is refused with a message instead of ending in
 * an OutOfMemoryError.
 */
public final class ImageBudget {
    /**
     * Heap bytes one loaded image costs, all copies counted: its grey levels while reading (twice, for the buffer's
     * growth), its 784 floats, and one more copy of those for a training/validation split.
     */
    static final long BYTES_PER_IMAGE = (long) Dataset.PIXELS * (2 + Float.BYTES + Float.BYTES);

    private ImageBudget() {}

    /** The most images a data file may hold in this JVM (about 137,000 per GB of heap). */
    static int maxImages() {
        long byHeap = Runtime.getRuntime().maxMemory() / BYTES_PER_IMAGE;
        return (int) Math.min(byHeap, GrowableBytes.MAX_ARRAY / Dataset.PIXELS);
    }

    /** Whether {@code bytes} more fit in this JVM's heap limit, with a quarter of it left for everything else. */
    public static boolean fits(long bytes) {
        return bytes <= Runtime.getRuntime().maxMemory() / 4 * 3;
    }

    /**
     * Refuses to make {@code what} (e.g. "120,000 pairs") when its {@code bytes} do not {@link #fits fit}: one line saying
     * how much they need and what to do.
     */
    public static void require(long bytes, String what) {
        if (!fits(bytes)) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s need about %.1f GB of memory, more than this JVM "
                    + "may use: make fewer, or %s", what, bytes / 1e9, advice()));
        }
    }

    /** The advice that ends a "does not fit" message. */
    public static String advice() {
        return "raise the Java heap limit, e.g. DIGITS_JAVA_OPTS=-Xmx8g";
    }
}
