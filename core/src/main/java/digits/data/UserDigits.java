package digits.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A person's own labelled digits (their corrections on the drawing page), kept in a folder as one Kaggle
 * {@code train.csv}-style file, {@value #FILE}: a header, then one line per digit (label, 784 pixels 0-255), so
 * {@code digits train --input DIR/digits.csv} and every other reader take it as it is.
 *
 * <p>Append-only and never rewritten: a digit is one line written with one append and flushed to the disk before
 * {@link #append} returns; a write that fails is cut back off, so the file always ends with a whole line. Appends from
 * several threads are serialised; one process at a time holds the folder (a lock on the file). The folder holds at most
 * {@code max} digits: one more is refused with {@link FullException}, and nothing already saved is touched. On opening,
 * the file is read strictly and bounded; a file that is not exactly what this class writes (a torn last line, a bad
 * cell, too many lines) is refused with one line naming the file and the place, and left as it is.
 */
public final class UserDigits implements AutoCloseable {
    public static final String FILE = "digits.csv";
    public static final int DEFAULT_MAX = 10_000;
    /** The longest line this class writes: a label, 784 pixels of up to 3 digits, their commas and the newline. */
    static final int MAX_LINE_BYTES = 1 + Dataset.PIXELS * 4 + 1;

    /** Refused: the folder already holds its maximum number of digits. */
    public static final class FullException extends InvalidInputException {
        FullException(String message) {
            super(message);
        }
    }

    private final Path file;
    private final int max;
    private final FileChannel channel;
    private final FileLock lock;
    private float[] pixels;
    private int[] labels;
    private int size;

    private UserDigits(Path file, int max, FileChannel channel, FileLock lock, Dataset existing) {
        this.file = file;
        this.max = max;
        this.channel = channel;
        this.lock = lock;
        this.size = existing.size();
        this.pixels = Arrays.copyOf(existing.pixels(), Math.max(16, size) * Dataset.PIXELS);
        this.labels = Arrays.copyOf(existing.labels(), Math.max(16, size));
    }

    /**
     * Opens (creating when missing) the user data set in {@code dir} for appending.
     *
     * @throws InvalidInputException for a file that is not one this class wrote, or one held by another process
     * @throws digits.io.OutputException when the folder or its file cannot be created
     */
    public static UserDigits open(Path dir, int max) {
        if (max < 1) throw new IllegalArgumentException("maximum digits must be positive, got " + max);
        digits.io.AtomicFiles.checkDirectory(dir);
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                digits.io.AtomicFiles.writeString(file, header());
            }
        } catch (IOException e) {
            throw new digits.io.OutputException(file, e);
        }
        Dataset existing = read(file, max);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
            FileLock lock = channel.tryLock();
            if (lock == null) throw new InvalidInputException(file + ": in use by another digits process");
            // Read again under the lock: another process may have appended between the first read and the lock.
            existing = read(file, max);
            return new UserDigits(file, max, channel, lock, existing);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new InvalidInputException(file + ": already open in this process");
        } catch (IOException e) {
            close(channel);
            throw new digits.io.OutputException(file, e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    /**
     * The labelled digits of a user data set folder (read strictly, as {@link #open} does), or of any labelled data file
     * ({@link DataSources}): {@code train --add}, {@code finetune --input}.
     */
    public static Dataset load(Path dirOrFile) {
        if (!Files.isDirectory(dirOrFile)) {
            Dataset data = DataSources.load(dirOrFile.toString());
            if (!data.hasLabels()) throw new InvalidInputException(dirOrFile + ": the digits need labels");
            return data;
        }
        Path file = dirOrFile.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(dirOrFile + ": no user data set here (expected " + file + ")");
        }
        return read(file, DEFAULT_MAX * 10);
    }

    private static Dataset read(Path file, int max) {
        long limit = header().length() + (long) max * MAX_LINE_BYTES;
        byte[] bytes;
        try {
            bytes = StoredFiles.read(file, limit, "a user data set holds only the file it wrote",
                    "more than " + max + " digits can take");
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length == 0) throw new InvalidInputException(file + ": empty, expected the header line " + headerStart());
        if (bytes[bytes.length - 1] != '\n') {
            int lines = 1;
            for (byte b : bytes) if (b == '\n') lines++;
            throw new InvalidInputException(file + ":" + lines + ": torn last line (no line end): a write was cut off;"
                    + " remove that line to use the folder again");
        }
        if (Arrays.equals(bytes, header().getBytes(StandardCharsets.US_ASCII))) {
            return new Dataset(file.toString(), new float[0], new int[0]); // a new folder: no digit yet
        }
        Dataset data = KaggleCsvReader.read(file, new ByteArrayInputStream(bytes));
        if (!data.hasLabels()) throw new InvalidInputException(file + ": no label column, expected " + headerStart());
        if (data.size() > max) {
            throw new InvalidInputException(file + ": " + data.size() + " digits, more than the " + max + " allowed");
        }
        return new Dataset(file.toString(), data.pixels(), data.labels());
    }

    /**
     * Appends one digit and returns how many the folder holds now; the line is on the disk when this returns.
     *
     * @param image 784 values in [0,1] (light ink on dark, as the model sees it)
     * @throws FullException when the folder is full
     * @throws IllegalArgumentException for a label outside 0-9 or an image of another size or with values outside [0,1]
     */
    public synchronized int append(float[] image, int label) {
        if (label < 0 || label >= Dataset.CLASSES) throw new IllegalArgumentException("label must be 0-9, got " + label);
        if (image.length != Dataset.PIXELS) {
            throw new IllegalArgumentException("an image has " + Dataset.PIXELS + " pixels, got " + image.length);
        }
        if (size >= max) {
            throw new FullException(file + " holds " + max + " digits, its maximum: nothing more is saved"
                    + " (move the folder away, or start with a larger maximum)");
        }
        StringBuilder line = new StringBuilder(MAX_LINE_BYTES).append(label);
        float[] stored = new float[Dataset.PIXELS];
        for (int i = 0; i < image.length; i++) {
            float v = image[i];
            if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("pixel " + i + " is " + v + ", outside [0,1]");
            int level = Math.round(v * 255);
            stored[i] = level / 255f;
            line.append(',').append(level);
        }
        line.append('\n');
        write(line.toString().getBytes(StandardCharsets.US_ASCII));
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, size * 2);
            pixels = Arrays.copyOf(pixels, size * 2 * Dataset.PIXELS);
        }
        System.arraycopy(stored, 0, pixels, size * Dataset.PIXELS, Dataset.PIXELS);
        labels[size] = label;
        return ++size;
    }

    private void write(byte[] line) {
        long before;
        try {
            before = channel.size();
        } catch (IOException e) {
            throw new digits.io.OutputException(file, e);
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(before); // the file ends with a whole line again
            } catch (IOException ignored) {
                // the torn line stays; the next open says so
            }
            throw new digits.io.OutputException(file, e);
        }
    }

    /** The digits saved so far, as a copy (in the order they were added). */
    public synchronized Dataset snapshot() {
        return new Dataset(file.toString(), Arrays.copyOf(pixels, size * Dataset.PIXELS), Arrays.copyOf(labels, size));
    }

    public synchronized int size() {
        return size;
    }

    public int max() {
        return max;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was pending: every append was forced to the disk
        }
    }

    private static String headerStart() {
        return "'label,pixel0,...,pixel783'";
    }

    static String header() {
        StringBuilder h = new StringBuilder("label");
        for (int i = 0; i < Dataset.PIXELS; i++) h.append(",pixel").append(i);
        return h.append('\n').toString();
    }
}
