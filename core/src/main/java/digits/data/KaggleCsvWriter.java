package digits.data;

import digits.io.AtomicFiles;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes datasets in Kaggle's "Digit Recognizer" CSV layouts, byte-compatible with Kaggle's own files
 * ({@code \n} line ends, integer grey levels), atomically.
 */
public final class KaggleCsvWriter {
    /** ",0" ... ",255" as bytes: writing 60,000 rows is mostly copying these. */
    private static final byte[][] CELLS = new byte[256][];

    static {
        for (int i = 0; i < CELLS.length; i++) CELLS[i] = ("," + i).getBytes(StandardCharsets.US_ASCII);
    }

    private KaggleCsvWriter() {}

    /** {@code label,pixel0,...,pixel783}; the dataset must be labelled. */
    public static void writeTrain(Path target, Dataset data) {
        if (!data.hasLabels()) throw new IllegalArgumentException(data.name() + " has no labels; train.csv needs them");
        for (int i = 0; i < data.size(); i++) {
            if (data.label(i) < 0 || data.label(i) > 9) {
                throw new IllegalArgumentException(data.name() + ": label " + data.label(i) + " of image " + i + " is outside 0-9");
            }
        }
        write(target, data, KaggleCsvFormat.TRAIN);
    }

    /** {@code pixel0,...,pixel783}; labels, if any, are left out as in Kaggle's test.csv. */
    public static void writeTest(Path target, Dataset data) {
        write(target, data, KaggleCsvFormat.TEST);
    }

    private static void write(Path target, Dataset data, KaggleCsvFormat format) {
        // Validate every pixel before the first byte is written, so a bad dataset leaves no file behind.
        byte[] grey = new byte[data.pixels().length];
        for (int i = 0; i < grey.length; i++) grey[i] = (byte) Pixels.toGrey(data, i);
        AtomicFiles.write(target, file -> {
            OutputStream out = new BufferedOutputStream(file, 1 << 20);
            out.write((format.header() + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[(Dataset.PIXELS + 1) * 4 + 1];
            for (int image = 0; image < data.size(); image++) {
                out.write(line, 0, encodeRow(line, grey, image, format.labelled() ? data.label(image) : -1));
            }
            out.flush();
        });
    }

    /** Encodes one row into {@code line}; returns its length including the newline. */
    private static int encodeRow(byte[] line, byte[] grey, int image, int label) {
        int length = 0;
        if (label >= 0) line[length++] = (byte) ('0' + label);
        int offset = image * Dataset.PIXELS;
        for (int p = 0; p < Dataset.PIXELS; p++) {
            byte[] cell = CELLS[grey[offset + p] & 0xff];
            int skip = length == 0 ? 1 : 0; // no comma before a row's first cell
            System.arraycopy(cell, skip, line, length, cell.length - skip);
            length += cell.length - skip;
        }
        line[length++] = '\n';
        return length;
    }
}
