package digits.serve;

import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.ServiceUnavailableResponse;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the work of decoding uploaded images. Decoding costs in proportion to the pixels an image's header declares,
 * not to its size in bytes: a 280 KB PNG of zeros can declare 6000x6000 16-bit RGBA pixels and take seconds to
 * inflate. So the header is read first (dimensions only, no pixel data) and:
 * <ul>
 *   <li>an image over the pixel limit is refused with 413 before any decoding;</li>
 *   <li>a small image (at most {@value #SMALL_PIXELS} pixels, e.g. the drawing page's 280x280) decodes in milliseconds
 *       and has its own lane of permits, so it never waits behind large ones;</li>
 *   <li>large images share a lane of half the cores (at least one), with at most {@value #QUEUE_PER_PERMIT} waiting
 *       per permit for at most the given time; beyond that they get 503, so a flood of large images holds neither
 *       the cores nor the server's threads.</li>
 * </ul>
 * An image whose header cannot be read goes to the small lane: the decoder refuses it at the same point, unread.
 */
final class DecodeGate {
    /** Up to this many declared pixels an image is "small". */
    static final long SMALL_PIXELS = 1_000_000L;
    static final int QUEUE_PER_PERMIT = 4;
    /** The formats the decoder reads (others it refuses without decoding). */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");

    private final long maxPixels;
    private final long maxWaitNanos;
    private final Semaphore small;
    private final Semaphore large;
    private final int largeAdmissions;
    private final AtomicInteger largeAdmitted = new AtomicInteger();
    private final AtomicInteger largeDecoding = new AtomicInteger();

    DecodeGate(long maxPixels, long maxWaitMillis, int cores) {
        this.maxPixels = maxPixels;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.small = new Semaphore(Math.max(2, cores));
        int largePermits = Math.max(1, cores / 2);
        this.large = new Semaphore(largePermits, true);
        this.largeAdmissions = largePermits * (1 + QUEUE_PER_PERMIT);
    }

    /** Runs {@code decode} for {@code image} within the bounds above; {@code name} names the image in errors. */
    <T> T decode(byte[] image, String name, Supplier<T> decode) {
        long[] size = dimensions(image);
        long pixels = size == null ? 0 : size[0] * size[1];
        if (pixels > maxPixels) {
            throw new ContentTooLargeResponse(String.format(Locale.ROOT,
                    "%s: the image is %dx%d pixels (%.1f megapixels), more than the limit of %.1f megapixels",
                    name, size[0], size[1], pixels / 1e6, maxPixels / 1e6));
        }
        if (pixels <= SMALL_PIXELS) {
            small.acquireUninterruptibly();
            try {
                return decode.get();
            } finally {
                small.release();
            }
        }
        if (largeAdmitted.incrementAndGet() > largeAdmissions) {
            largeAdmitted.decrementAndGet();
            throw busy();
        }
        try {
            if (!large.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) throw busy();
            largeDecoding.incrementAndGet();
            try {
                return decode.get();
            } finally {
                largeDecoding.decrementAndGet();
                large.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            largeAdmitted.decrementAndGet();
        }
    }

    /** Large images being decoded now (for tests). */
    int largeDecoding() {
        return largeDecoding.get();
    }

    private static ServiceUnavailableResponse busy() {
        return new ServiceUnavailableResponse("the server is busy decoding other large images; try again shortly, or "
                + "send a smaller image (up to " + SMALL_PIXELS / 1_000_000 + " megapixel is never queued)");
    }

    /** {width, height} from the image's header, reading no pixel data; null when no supported reader can read it. */
    static long[] dimensions(byte[] image) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) return null;
            ImageReader reader = readers.next();
            try {
                if (!FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) return null;
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                return width > 0 && height > 0 ? new long[] {width, height} : null;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
