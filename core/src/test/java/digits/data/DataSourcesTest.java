package digits.data;

import digits.testing.Fifos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static digits.data.Fixtures.gzip;
import static digits.data.Fixtures.realDigits;
import static digits.data.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --input} files told apart by their content, not their names: real digits as CSV and IDX, under any name. */
@Timeout(60)
class DataSourcesTest {
    @TempDir
    Path dir;

    private final Dataset digits = realDigits(50);

    private byte[] trainCsv() throws IOException {
        Path csv = dir.resolve("source-train.csv");
        KaggleCsvWriter.writeTrain(csv, digits);
        return Files.readAllBytes(csv);
    }

    /** Raw IDX images and labels of the 50 digits, named the MNIST way in {@code dir}. */
    private Path idxImages() {
        Path images = dir.resolve("t-images-idx3-ubyte");
        IdxWriter.write(digits, images, dir.resolve("t-labels-idx1-ubyte"));
        return images;
    }

    /** A named pipe that a background thread fills with {@code content} once a reader opens it. */
    private Path pipe(String name, byte[] content) throws Exception {
        return Fifos.feeding(dir.resolve(name), content);
    }

    private void assertSameDigits(Dataset back, boolean labelled) {
        assertThat(back.pixels()).isEqualTo(digits.pixels());
        if (labelled) assertThat(back.labels()).isEqualTo(digits.labels());
        else assertThat(back.hasLabels()).isFalse();
    }

    @Test
    void csvInAFileNamedDataTxtIsReadAsCsv() throws Exception {
        Path txt = write(dir.resolve("data.txt"), trainCsv());
        DataSources.Loaded loaded = DataSources.loadDetected(txt.toString());
        assertThat(loaded.csv()).isTrue();
        assertThat(loaded.data().name()).isEqualTo("data.txt");
        assertSameDigits(loaded.data(), true);
        assertThat(DataSources.isCsv(txt.toString())).isTrue();
    }

    @Test
    void gzipCsvWithoutACsvNameIsReadAsCsv() throws Exception {
        Path gz = write(dir.resolve("data.gz"), gzip(trainCsv()));
        assertSameDigits(DataSources.load(gz.toString()), true);
    }

    @Test
    void csvThroughANamedPipeIsReadOnce() throws Exception {
        Path fifo = pipe("digits-pipe", trainCsv());
        DataSources.Loaded loaded = DataSources.loadDetected(fifo.toString());
        assertThat(loaded.csv()).isTrue();
        assertSameDigits(loaded.data(), true);
    }

    @Test
    void scanOfACsvPipeForDigitsData() throws Exception {
        Path fifo = pipe("scan-pipe", gzip(trainCsv()));
        DataSources.Inspected inspected = DataSources.inspect(fifo.toString(), 10);
        assertThat(inspected.csvScan()).isNotNull();
        assertThat(inspected.csvScan().clean()).isTrue();
        assertSameDigits(inspected.data(), true);
    }

    @Test
    void idxThroughANamedPipeFindsItsLabelsByName() throws Exception {
        Path images = idxImages();
        byte[] content = gzip(Files.readAllBytes(images));
        Files.delete(images);
        Path fifo = pipe(images.getFileName().toString(), content);
        DataSources.Loaded loaded = DataSources.loadDetected(fifo.toString());
        assertThat(loaded.csv()).isFalse();
        assertSameDigits(loaded.data(), true);
    }

    @Test
    void isCsvOfAPipeGoesByTheNameWithoutOpeningIt() throws Exception {
        // Nobody writes to these pipes: opening one would block until the timeout.
        for (String name : new String[]{"a.csv", "b"}) {
            Path fifo = dir.resolve(name);
            Fifos.make(fifo);
            assertThat(DataSources.isCsv(fifo.toString())).isEqualTo(name.endsWith(".csv"));
        }
    }

    @Test
    void idxRenamedToCsvIsReadAsIdx() throws Exception {
        Path renamed = Files.copy(idxImages(), dir.resolve("x.csv"));
        DataSources.Loaded loaded = DataSources.loadDetected(renamed.toString());
        assertThat(loaded.csv()).isFalse();
        assertThat(loaded.data().name()).isEqualTo("x.csv");
        assertSameDigits(loaded.data(), false);
        assertThat(DataSources.isCsv(renamed.toString())).isFalse();
        assertThat(DataSources.inspect(renamed.toString(), 10).csvScan()).isNull();
    }

    @Test
    void theCommittedMnistTestImagesRenamedToCsvGzAreReadAsIdx() throws IOException {
        Path renamed = Files.copy(MnistFiles.directory().resolve(MnistFiles.TEST_IMAGES), dir.resolve("mnist.csv.gz"));
        Dataset back = DataSources.load(renamed.toString());
        assertThat(back.size()).isEqualTo(10_000);
        assertThat(back.pixels()).isEqualTo(MnistFiles.test().pixels());
    }

    @Test
    void aCsvNamedFileWithoutIdxMagicStaysWithTheCsvReader() {
        Path png = write(dir.resolve("digit.csv"), new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        assertThatThrownBy(() -> DataSources.load(png.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(png + ":1: header has 1 columns");
    }

    @Test
    void contentThatIsNeitherIsRefusedWithOneLine() {
        Path zip = write(dir.resolve("data.bin"), new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0});
        assertThatThrownBy(() -> DataSources.load(zip.toString()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(zip + ": neither a Kaggle CSV file nor an IDX images file: it starts with bytes 50 4B 03 04"
                        + " (a CSV file starts with its header, e.g. 'label,pixel0,...'; an IDX images file with 00 00 08 03)");
        Path empty = write(dir.resolve("data.txt"), new byte[0]);
        assertThatThrownBy(() -> DataSources.load(empty.toString()))
                .hasMessage(empty + ": empty, expected a Kaggle CSV file or an IDX images file");
        // A name that says IDX keeps the IDX reader's own message.
        Path idxNamed = write(dir.resolve("e-images-idx3-ubyte"), new byte[0]);
        assertThatThrownBy(() -> DataSources.load(idxNamed.toString()))
                .hasMessage(idxNamed + ": empty file, expected an IDX header");
    }

    @Test
    void aLabelsFileAsInputIsRefusedByTheImagesReader() throws IOException {
        idxImages();
        Path labelsAsCsv = Files.copy(dir.resolve("t-labels-idx1-ubyte"), dir.resolve("labels.csv"));
        assertThatThrownBy(() -> DataSources.load(labelsAsCsv.toString()))
                .hasMessage(labelsAsCsv + ": wrong magic number 0x00000801 (IDX labels: unsigned bytes, 1 dimension),"
                        + " expected 0x00000803 (IDX images: unsigned bytes, 3 dimensions)");
    }
}
