package digits.data;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A reader that refuses a line longer than a limit, so that reading a text file line by line takes bounded memory:
 * a file without line breaks (binary data, or a link to {@code /dev/zero}) would otherwise grow one string until the
 * heap is gone. Lines end at {@code \n}, {@code \r} or {@code \r\n}, as for {@link java.io.BufferedReader#readLine}.
 * The check runs on bulk reads, so a {@code BufferedReader} on top keeps its speed.
 */
public final class LineLengthLimit extends FilterReader {
    /** A Kaggle row is at most about 3,200 characters; a megabyte is no CSV line of this tool. */
    public static final int DEFAULT_MAX_CHARS = 1 << 20;

    private final Object file;
    private final int maxChars;
    private int line = 1;
    private int length;
    private boolean afterCr;

    /** @param file named in the message (a path, or a description such as "request body") */
    public LineLengthLimit(Reader in, Object file, int maxChars) {
        super(in);
        this.file = file;
        this.maxChars = maxChars;
    }

    public LineLengthLimit(Reader in, Object file) {
        this(in, file, DEFAULT_MAX_CHARS);
    }

    @Override
    public int read(char[] buffer, int offset, int count) throws IOException {
        int n = super.read(buffer, offset, count);
        if (n > 0) count(buffer, offset, n);
        return n;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) count(new char[]{(char) c}, 0, 1);
        return c;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped characters must be counted too: read them in chunks.
        char[] chunk = new char[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(chunk, 0, (int) Math.min(chunk.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    /** Locals and few branches: this runs over every character of a 100 MB train.csv. */
    private void count(char[] buffer, int offset, int n) {
        int len = length;
        boolean cr = afterCr;
        for (int i = offset, end = offset + n; i < end; i++) {
            char c = buffer[i];
            if (c == '\n' || c == '\r') {
                if (c == '\r' || !cr) line++;
                cr = c == '\r';
                len = 0;
            } else {
                cr = false;
                if (++len > maxChars) throw tooLong();
            }
        }
        length = len;
        afterCr = cr;
    }

    private InvalidInputException tooLong() {
        return new InvalidInputException(file + ":" + line + ": line is longer than " + maxChars
                + " characters (not a line of a CSV file)");
    }
}
