package digits.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the CLI turns an {@code --input} value into a dataset: {@code mnist-train} / {@code mnist-test} (the embedded
 * MNIST), a Kaggle CSV file, or an MNIST IDX images file whose labels file is found by replacing {@code images-idx3}
 * with {@code labels-idx1} in its name.
 *
 * <p>A file's format is told from its first bytes (after gzip decompression), not from its name, so a pipe,
 * {@code /dev/stdin} or {@code data.txt} holding CSV reads as CSV: the IDX magic {@code 00 00 08 03} (or
 * {@code 00 00 08 01}) means IDX, even in a file named {@code .csv}; otherwise a file named {@code .csv} or
 * {@code .csv.gz} is read as CSV whatever it holds (its reader says what is wrong), and any other file is CSV when it
 * starts with text. The file is opened once and read from the same stream.
 */
public final class DataSources {
    public static final String MNIST_TRAIN = "mnist-train";
    public static final String MNIST_TEST = "mnist-test";
    /** For option descriptions. */
    public static final String INPUT_HELP = "mnist-train, mnist-test, a Kaggle CSV file (train.csv / test.csv) "
            + "or an IDX images file (its labels file is found by replacing images-idx3 with labels-idx1)";

    /** Bytes looked at to tell the formats apart: room for a UTF-8 byte order mark and a few characters. */
    private static final int HEAD = 8;

    private DataSources() {}

    /** A dataset and whether its file held Kaggle CSV (false for the embedded MNIST and IDX files). */
    public record Loaded(Dataset data, boolean csv) {}

    /**
     * What {@code digits data} shows: for a CSV file its lenient scan ({@code data} being the valid rows), for any
     * other input the dataset read strictly ({@code csvScan} null).
     */
    public record Inspected(Dataset data, CsvScan csvScan) {}

    /** The dataset an {@code --input} value names; strict, so any problem is refused with one line. */
    public static Dataset load(String input) {
        return loadDetected(input).data();
    }

    /** {@link #load}, saying also whether the content was CSV. */
    public static Loaded loadDetected(String input) {
        if (input.equals(MNIST_TRAIN)) return new Loaded(MnistFiles.train(), false);
        if (input.equals(MNIST_TEST)) return new Loaded(MnistFiles.test(), false);
        Path file = existingFile(input);
        try (InputFiles.Peeked content = InputFiles.openPeeked(file, HEAD)) {
            if (csvContent(input, content.head())) return new Loaded(KaggleCsvReader.read(file, content.in()), true);
            return new Loaded(readIdx(file, content), false);
        } catch (IOException e) {
            throw InputFiles.failure(file, e);
        }
    }

    /** The input for {@code digits data}: a CSV file scanned leniently (listing up to {@code maxProblems}), else loaded. */
    public static Inspected inspect(String input, int maxProblems) {
        if (isEmbedded(input)) return new Inspected(load(input), null);
        Path file = existingFile(input);
        try (InputFiles.Peeked content = InputFiles.openPeeked(file, HEAD)) {
            if (csvContent(input, content.head())) {
                CsvScan scan = KaggleCsvReader.scan(file, content.in(), maxProblems);
                return new Inspected(scan.valid(), scan);
            }
            return new Inspected(readIdx(file, content), null);
        } catch (IOException e) {
            throw InputFiles.failure(file, e);
        }
    }

    /** An IDX images file from its opened content, labelled when its labels file is found by name. */
    private static Dataset readIdx(Path file, InputFiles.Peeked content) {
        refuseUnknownContent(file, content.head());
        Path labels = labelsFor(file);
        String name = file.getFileName().toString();
        return labels != null && Files.isRegularFile(labels)
                ? IdxReader.read(file, content.in(), labels, name)
                : new Dataset(name, IdxReader.readImages(file, content.in()), null);
    }

    /** An IDX images file with an explicitly given labels file (or none, when {@code labels} is null). */
    public static Dataset load(Path images, Path labels) {
        existingFile(images.toString());
        if (labels == null) return IdxReader.readUnlabelled(images);
        existingFile(labels.toString());
        return IdxReader.read(images, labels);
    }

    /** Whether the value names the embedded MNIST rather than a file. */
    public static boolean isEmbedded(String input) {
        return input.equals(MNIST_TRAIN) || input.equals(MNIST_TEST);
    }

    /**
     * Whether the value names a Kaggle CSV file: told from the content of a regular file, as {@link #load} does;
     * from the name ({@code .csv}, {@code .csv.gz}) for anything else, such as a pipe, which can be read only once.
     */
    public static boolean isCsv(String input) {
        if (isEmbedded(input)) return false;
        try {
            Path file = Path.of(input);
            if (Files.isRegularFile(file)) {
                try (InputFiles.Peeked content = InputFiles.openPeeked(file, HEAD)) {
                    return csvContent(input, content.head());
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: loading it will say why
        }
        return namedCsv(input);
    }

    private static boolean namedCsv(String input) {
        String name = input.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz");
    }

    /** Whether content starting with {@code head} is read as CSV (see the class comment). */
    static boolean csvContent(String input, byte[] head) {
        if (isIdxMagic(head)) return false;
        return namedCsv(input) || startsWithText(head);
    }

    private static boolean isIdxMagic(byte[] head) {
        return head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x08 && (head[3] == 0x03 || head[3] == 0x01);
    }

    /** Printable ASCII, tabs and line breaks, after an optional UTF-8 byte order mark; false for no bytes at all. */
    private static boolean startsWithText(byte[] head) {
        int from = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        if (head.length == 0) return false;
        for (int i = from; i < head.length; i++) {
            int b = head[i] & 0xff;
            if ((b < 0x20 || b > 0x7E) && b != '\t' && b != '\n' && b != '\r') return false;
        }
        return true;
    }

    /**
     * Refuses content that is neither CSV nor IDX with one line, unless the name says IDX ({@code idx}, {@code ubyte}):
     * then the IDX reader's message about the wrong magic number (or the empty file) says more.
     */
    private static void refuseUnknownContent(Path file, byte[] head) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (isIdxMagic(head) || name.contains("idx") || name.contains("ubyte")) return;
        if (head.length == 0) {
            throw new InvalidInputException(file + ": empty, expected a Kaggle CSV file or an IDX images file");
        }
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < Math.min(4, head.length); i++) bytes.append(i > 0 ? " " : "").append(String.format("%02X", head[i] & 0xff));
        throw new InvalidInputException(file + ": neither a Kaggle CSV file nor an IDX images file: it starts with bytes "
                + bytes + " (a CSV file starts with its header, e.g. 'label,pixel0,...'; an IDX images file with 00 00 08 03)");
    }

    /** The labels file that goes with an IDX images file by MNIST's naming, or null when the name does not say. */
    public static Path labelsFor(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images-idx3")) return null;
        return images.resolveSibling(name.replace("images-idx3", "labels-idx1"));
    }

    /** The path of an input file, refused with one line when it is missing or not a regular file. */
    public static Path existingFile(String input) {
        Path file = Path.of(input);
        if (Files.isDirectory(file)) throw new InvalidInputException(input + ": is a directory, expected a data file");
        if (!Files.exists(file)) {
            throw new InvalidInputException(input + ": no such file (an input is " + MNIST_TRAIN + ", " + MNIST_TEST
                    + ", a Kaggle .csv file or an IDX images file)");
        }
        return file;
    }
}
