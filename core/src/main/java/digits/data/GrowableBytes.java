package digits.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A byte buffer that grows as data actually arrives, so that a file header claiming billions of records
 * costs nothing until the bytes are there.
 */
final class GrowableBytes {
    /** The largest array the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private byte[] buf;
    private int size;

    GrowableBytes(long initialCapacity) {
        buf = new byte[(int) Math.max(16, Math.min(initialCapacity, MAX_ARRAY))];
    }

    int size() { return size; }

    /** The backing array; only the first {@link #size()} bytes are data. */
    byte[] array() { return buf; }

    void append(byte[] src, int offset, int length) {
        ensureCapacity((long) size + length, MAX_ARRAY);
        System.arraycopy(src, offset, buf, size, length);
        size += length;
    }

    void append(byte b) {
        if (size == buf.length) ensureCapacity(size + 1L, MAX_ARRAY);
        buf[size++] = b;
    }

    /**
     * Reads from {@code in} until the buffer holds {@code limit} bytes or the stream ends.
     * Returns the number of bytes now held. An {@link java.io.EOFException} from a truncated gzip stream
     * propagates, with everything before it kept.
     */
    int readFrom(InputStream in, int limit) throws IOException {
        while (size < limit) {
            if (size == buf.length) ensureCapacity(size + 1L, limit);
            int n = in.read(buf, size, Math.min(buf.length, limit) - size);
            if (n < 0) break;
            size += n;
        }
        return size;
    }

    private void ensureCapacity(long needed, int cap) {
        if (needed <= buf.length) return;
        if (needed > cap) throw new IllegalStateException("buffer cannot exceed " + cap + " bytes");
        long grown = Math.max(needed, Math.min((long) buf.length * 2, cap));
        buf = Arrays.copyOf(buf, (int) grown);
    }
}
