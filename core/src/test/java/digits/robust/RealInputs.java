package digits.robust;

import digits.data.Dataset;
import digits.data.IdxWriter;
import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import digits.testing.DigitImages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Valid input files made from real MNIST test digits, which the robustness tests then damage. */
final class RealInputs {
    private RealInputs() {}

    /** The first {@code n} MNIST test digits (7, 2, 1, 0, 4, ...). */
    static Dataset digits(int n) {
        return MnistFiles.test().head(n);
    }

    /** Raw (uncompressed) IDX images and labels files named the MNIST way, so the labels are found by name. */
    static Path idx(Path dir, String prefix, int n) {
        Path images = dir.resolve(prefix + "-images-idx3-ubyte");
        IdxWriter.write(digits(n), images, dir.resolve(prefix + "-labels-idx1-ubyte"));
        return images;
    }

    static Path labelsOf(Path images) {
        return images.resolveSibling(images.getFileName().toString().replace("images-idx3", "labels-idx1"));
    }

    /** A Kaggle train.csv ({@code label,pixel0..pixel783}) of the first {@code n} digits. */
    static Path trainCsv(Path file, int n) {
        KaggleCsvWriter.writeTrain(file, digits(n));
        return file;
    }

    /** Digit {@code index} as an 8-bit gray PNG, light ink on black. */
    static byte[] png(int index) {
        return DigitImages.encode(DigitImages.mnistGray(digits(index + 1).image(index)), "png");
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeString(Path file, String content) {
        return write(file, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeLines(Path file, List<String> lines) {
        return writeString(file, String.join("\n", lines) + "\n");
    }
}
