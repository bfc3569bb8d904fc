package digits.data;

import digits.io.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes datasets as MNIST IDX files that {@link IdxReader} (and every other MNIST loader) reads back.
 * A target whose name ends in {@code .gz} is gzip-compressed; files are written atomically.
 */
public final class IdxWriter {
    private IdxWriter() {}

    /** Writes the images and, when {@code labels} is not null, the labels of {@code data}. */
    public static void write(Dataset data, Path images, Path labels) {
        if (labels == null) {
            writeImages(images, data);
            return;
        }
        if (!data.hasLabels()) throw new IllegalArgumentException(data.name() + " has no labels to write");
        // both or neither: a kill between two separate writes could leave new images beside old labels
        AtomicFiles.writeBoth(images, stream(images, imagesBody(data)), labels, stream(labels, labelsBody(labels, data.labels())));
    }

    /** The images of {@code data} as {@code size x 28 x 28} unsigned bytes (pixel * 255, rounded). */
    public static void writeImages(Path target, Dataset data) {
        AtomicFiles.write(target, stream(target, imagesBody(data)));
    }

    /** Labels 0-9 as one unsigned byte each. */
    public static void writeLabels(Path target, int[] labels) {
        AtomicFiles.write(target, stream(target, labelsBody(target, labels)));
    }

    private static Body imagesBody(Dataset data) {
        byte[] grey = new byte[data.pixels().length];
        for (int i = 0; i < grey.length; i++) grey[i] = (byte) Pixels.toGrey(data, i);
        return out -> {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(data.size());
            out.writeInt(Dataset.ROWS);
            out.writeInt(Dataset.COLS);
            out.write(grey);
        };
    }

    private static Body labelsBody(Path target, int[] labels) {
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new IllegalArgumentException(target + ": label " + labels[i] + " at index " + i + " is outside 0-9");
            }
            bytes[i] = (byte) labels[i];
        }
        return out -> {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(labels.length);
            out.write(bytes);
        };
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    /** The body as the bytes of {@code target}: gzipped when its name ends in .gz. */
    private static AtomicFiles.StreamWriter stream(Path target, Body body) {
        boolean gzip = target.getFileName().toString().endsWith(".gz");
        return file -> {
            OutputStream sink = gzip ? new GZIPOutputStream(file, InputFiles.BUFFER) : new BufferedOutputStream(file, InputFiles.BUFFER);
            try (DataOutputStream out = new DataOutputStream(sink)) {
                body.write(out);
            }
        };
    }
}
