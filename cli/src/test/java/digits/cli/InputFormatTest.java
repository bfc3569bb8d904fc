package digits.cli;

import digits.testing.Fifos;
import digits.data.Dataset;
import digits.data.IdxWriter;
import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --input} as users give it: CSV in a pipe or under another name, IDX named {@code .csv}; the content decides. */
@Timeout(120)
class InputFormatTest {
    @TempDir
    Path dir;
    final CliRun cli = new CliRun();
    final Dataset digits = MnistFiles.test().head(300);

    private Path trainCsv(String name) {
        Path csv = dir.resolve(name);
        KaggleCsvWriter.writeTrain(csv, digits);
        return csv;
    }

    /** A named pipe that a background thread fills with {@code source}'s bytes once a reader opens it. */
    private Path pipe(String name, Path source) throws Exception {
        return Fifos.feeding(dir.resolve(name), Files.readAllBytes(source));
    }

    /** What {@code digits data --input FILE} prints, with the file's path replaced by FILE. */
    private String data(Path input) {
        assertThat(cli.run("data", "--input", input.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
        return cli.out().replace(input.toString(), "FILE").replace(input.getFileName().toString(), "FILE");
    }

    @Test
    void csvUnderAnotherNameOrThroughAPipeIsSummarisedAsTheCsvFile() throws Exception {
        Path csv = trainCsv("train.csv");
        String expected = data(csv);
        assertThat(expected).contains("CSV check  FILE: Kaggle train layout (label,pixel0,...,pixel783)").contains("300");
        assertThat(data(Files.copy(csv, dir.resolve("data.txt")))).isEqualTo(expected);
        assertThat(data(pipe("digits-pipe", csv))).isEqualTo(expected);
    }

    @Test
    void idxNamedCsvIsSummarisedAsIdx() throws Exception {
        Path images = dir.resolve("t-images-idx3-ubyte");
        IdxWriter.write(digits, images, dir.resolve("t-labels-idx1-ubyte"));
        String asIdx = data(images);
        assertThat(asIdx).startsWith("Dataset   FILE\nImages    300 (28x28 grayscale)\n").contains("label      count");
        // The same bytes named x.csv: IDX images, unlabelled (no labels file belongs to that name), pixels alike.
        String renamed = data(Files.copy(images, dir.resolve("x.csv")));
        assertThat(renamed).startsWith("Dataset   FILE\nImages    300 (28x28 grayscale)\n")
                .contains("Labels    none (unlabelled, like Kaggle's test.csv)").doesNotContain("CSV check");
        assertThat(renamed.substring(renamed.indexOf("Pixels"))).isEqualTo(asIdx.substring(asIdx.indexOf("Pixels")));
    }

    @Test
    void trainingReadsCsvFromAPipeAndLeavesOutMnistTest() throws Exception {
        Path fifo = pipe("train-pipe", trainCsv("train.csv"));
        Path model = dir.resolve("model");
        int code = cli.run("train", "--input", fifo.toString(), "--limit", "200", "--model", "mlp", "--hidden", "16",
                "--epochs", "1", "--threads", "2", "--no-progress", "-o", model.toString());
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        // --test auto: no MNIST test set for data that came as CSV (Kaggle's train.csv shares images with it)
        assertThat(cli.out()).contains("Data: train-pipe, 180 training and 20 validation images; 2 threads");
        assertThat(model.resolve("model.json")).exists();
    }

    @Test
    void contentThatIsNeitherIsOneLineAndExitCode2() throws IOException {
        Path zip = Files.write(dir.resolve("data.bin"), new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        assertThat(cli.run("data", "--input", zip.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: " + zip + ": neither a Kaggle CSV file nor an IDX images file:"
                + " it starts with bytes 50 4B 03 04 (a CSV file starts with its header, e.g. 'label,pixel0,...';"
                + " an IDX images file with 00 00 08 03)\n");
    }
}
