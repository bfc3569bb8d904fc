package digits.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads MNIST IDX files (images: magic 0x00000803, N x 28 x 28 unsigned bytes; labels: magic 0x00000801, N bytes 0-9),
 * gzip-compressed or raw. Validation is strict, in the spirit of Tribuo's IDXDataSource: every deviation is refused
 * with one line naming the file and the record. Buffers grow with the data that actually arrives, so a header claiming
 * a huge count cannot trigger a huge allocation.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    /** Smallest start capacity, so small gzip files do not grow in many tiny steps. */
    private static final int START_CAPACITY = 1 << 20;

    private IdxReader() {}

    /** An images file and its labels file as one dataset named after the images file. */
    public static Dataset read(Path images, Path labels) {
        return read(images, labels, images.getFileName().toString());
    }

    public static Dataset read(Path images, Path labels, String name) {
        return read(images, null, labels, name);
    }

    /**
     * {@link #read(Path, Path, String)} with the images already opened (and decompressed) as {@code imagesIn},
     * closed when read; null opens {@code images}.
     */
    static Dataset read(Path images, InputStream imagesIn, Path labels, String name) {
        int[] l = readLabels(labels);
        float[] p = readImages(images, imagesIn);
        int imageCount = p.length / Dataset.PIXELS;
        if (l.length != imageCount) {
            throw new InvalidInputException(labels + ": " + l.length + " labels for the " + imageCount
                    + " images in " + images + " (the counts must match)");
        }
        return new Dataset(name, p, l);
    }

    /** An images file without labels. */
    public static Dataset readUnlabelled(Path images) {
        return new Dataset(images.getFileName().toString(), readImages(images), null);
    }

    /** All pixels of an images file, {@code count * 784} values scaled to [0,1]. */
    public static float[] readImages(Path file) {
        return readImages(file, null);
    }

    /** {@link #readImages(Path)} of a stream already opened on {@code file} (and decompressed), closed when read. */
    static float[] readImages(Path file, InputStream in) {
        GrowableBytes data = readRecords(file, in, Kind.IMAGES);
        return Pixels.toFloats(data.array(), data.size());
    }

    /** All labels of a labels file, each 0-9. */
    public static int[] readLabels(Path file) {
        GrowableBytes data = readRecords(file, null, Kind.LABELS);
        int[] labels = new int[data.size()];
        byte[] bytes = data.array();
        for (int i = 0; i < labels.length; i++) {
            int label = bytes[i] & 0xff;
            if (label > 9) {
                throw new InvalidInputException(file + ": record " + (i + 1) + " of " + labels.length
                        + ": label " + label + " is outside 0-9");
            }
            labels[i] = label;
        }
        return labels;
    }

    private enum Kind {
        IMAGES(IMAGES_MAGIC, 3, Dataset.PIXELS, "IDX images: unsigned bytes, 3 dimensions"),
        LABELS(LABELS_MAGIC, 1, 1, "IDX labels: unsigned bytes, 1 dimension");

        final int magic;
        final int dimensions;
        final int recordBytes;
        final String description;

        Kind(int magic, int dimensions, int recordBytes, String description) {
            this.magic = magic;
            this.dimensions = dimensions;
            this.recordBytes = recordBytes;
            this.description = description;
        }

        int headerBytes() { return 4 + 4 * dimensions; }

        static String describe(int magic) {
            for (Kind k : values()) if (k.magic == magic) return " (" + k.description + ")";
            return "";
        }
    }

    private static GrowableBytes readRecords(Path file, InputStream opened, Kind kind) {
        try (InputStream in = opened != null ? opened : InputFiles.open(file)) {
            int count = readHeader(file, in, kind);
            long expected = (long) count * kind.recordBytes;
            // Never trust the header for the allocation: a raw file holds at most its size, and gzip data
            // (whose size is unknown until read) starts from the same bound and grows as it arrives.
            long startCapacity = Math.max(Files.size(file), START_CAPACITY);
            GrowableBytes data = new GrowableBytes(Math.min(expected, startCapacity));
            // Records beyond what the heap can hold are refused as they arrive: a few hundred KB of gzip can expand to GBs.
            int limit = (int) Math.min(expected, (long) ImageBudget.maxImages() * kind.recordBytes);
            try {
                data.readFrom(in, limit);
            } catch (EOFException e) {
                // a cut gzip stream: what arrived is kept, so the message below names the incomplete record
            }
            if (data.size() < expected) {
                if (data.size() == limit) {
                    throw new InvalidInputException(file + ": header declares " + count + " records; at most "
                            + limit / kind.recordBytes + " fit in this JVM's memory (" + ImageBudget.advice() + ")");
                }
                int complete = data.size() / kind.recordBytes;
                throw new InvalidInputException(file + ": truncated: record " + (complete + 1) + " of " + count
                        + " is incomplete: expected " + kind.recordBytes + " bytes, found "
                        + data.size() % kind.recordBytes);
            }
            long trailing = in.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0) {
                throw new InvalidInputException(file + ": " + trailing + " unexpected bytes after the last of "
                        + count + " records (trailing garbage)");
            }
            return data;
        } catch (IOException e) {
            throw InputFiles.failure(file, e);
        }
    }

    /** Validates magic number and dimensions; returns the record count. */
    private static int readHeader(Path file, InputStream in, Kind kind) throws IOException {
        byte[] header = in.readNBytes(kind.headerBytes());
        if (header.length == 0) throw new InvalidInputException(file + ": empty file, expected an IDX header");
        if (header.length < 4) {
            throw new InvalidInputException(file + ": truncated header: expected " + kind.headerBytes()
                    + " bytes, found " + header.length);
        }
        int magic = intAt(header, 0);
        if (magic != kind.magic) {
            throw new InvalidInputException(file + ": wrong magic number " + hex(magic) + Kind.describe(magic)
                    + ", expected " + hex(kind.magic) + " (" + kind.description + ")");
        }
        if (header.length < kind.headerBytes()) {
            throw new InvalidInputException(file + ": truncated header: expected " + kind.headerBytes()
                    + " bytes, found " + header.length);
        }
        long count = Integer.toUnsignedLong(intAt(header, 4));
        if (kind == Kind.IMAGES) {
            long rows = Integer.toUnsignedLong(intAt(header, 8));
            long cols = Integer.toUnsignedLong(intAt(header, 12));
            if (rows != Dataset.ROWS || cols != Dataset.COLS) {
                throw new InvalidInputException(file + ": images are " + rows + "x" + cols + " (shape " + count
                        + " x " + rows + " x " + cols + "), expected " + Dataset.ROWS + "x" + Dataset.COLS);
            }
        }
        if (count > Integer.MAX_VALUE) {
            throw new InvalidInputException(file + ": header declares " + count + " records, more than "
                    + Integer.MAX_VALUE);
        }
        return (int) count;
    }

    private static int intAt(byte[] b, int offset) {
        return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8 | (b[offset + 3] & 0xff);
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }
}
