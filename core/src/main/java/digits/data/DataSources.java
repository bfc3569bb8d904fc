package digits.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the CLI turns an {@code --input} value into a dataset: {@code mnist-train} / {@code mnist-test} (the embedded
 * MNIST), a Kaggle CSV file ({@code .csv} or {@code .csv.gz}), or an MNIST IDX images file whose labels file is found
 * by replacing {@code images-idx3} with {@code labels-idx1} in its name.
 */
public final class DataSources {
    public static final String MNIST_TRAIN = "mnist-train";
    public static final String MNIST_TEST = "mnist-test";
    /** For option descriptions. */
    public static final String INPUT_HELP = "mnist-train, mnist-test, a Kaggle CSV file (train.csv / test.csv) "
            + "or an IDX images file (its labels file is found by replacing images-idx3 with labels-idx1)";

    private DataSources() {}

    /** The dataset an {@code --input} value names; strict, so any problem is refused with one line. */
    public static Dataset load(String input) {
        if (input.equals(MNIST_TRAIN)) return MnistFiles.train();
        if (input.equals(MNIST_TEST)) return MnistFiles.test();
        Path file = existingFile(input);
        if (isCsv(input)) return KaggleCsvReader.read(file);
        Path labels = labelsFor(file);
        return labels != null && Files.isRegularFile(labels) ? IdxReader.read(file, labels) : IdxReader.readUnlabelled(file);
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

    /** Whether the value names a Kaggle CSV file (by extension). */
    public static boolean isCsv(String input) {
        String name = input.toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz");
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
