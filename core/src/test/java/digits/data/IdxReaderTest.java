package digits.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static digits.data.Fixtures.concat;
import static digits.data.Fixtures.greyBytes;
import static digits.data.Fixtures.gzip;
import static digits.data.Fixtures.idxHeader;
import static digits.data.Fixtures.realDigits;
import static digits.data.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {
    private static final int IMAGES = IdxReader.IMAGES_MAGIC;
    private static final int LABELS = IdxReader.LABELS_MAGIC;

    @TempDir
    Path dir;

    @Test
    void writerAndReaderRoundTripRealDigitsGzipAndRaw() {
        Dataset digits = realDigits(100);
        for (String suffix : new String[]{".gz", ""}) {
            Path images = dir.resolve("d-images-idx3-ubyte" + suffix);
            Path labels = dir.resolve("d-labels-idx1-ubyte" + suffix);
            IdxWriter.write(digits, images, labels);

            Dataset back = IdxReader.read(images, labels);
            assertThat(back.size()).isEqualTo(100);
            assertThat(back.pixels()).isEqualTo(digits.pixels());
            assertThat(back.labels()).isEqualTo(digits.labels());
            assertThat(back.name()).isEqualTo(images.getFileName().toString());
        }
        assertThat(realDigits(10).labels()).containsExactly(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
    }

    @Test
    void writerProducesGzipOnlyForGzNamesAndTheLayoutMnistUses() throws Exception {
        Dataset digits = realDigits(3);
        Path raw = dir.resolve("raw-images");
        Path gz = dir.resolve("gz-images.gz");
        IdxWriter.writeImages(raw, digits);
        IdxWriter.writeImages(gz, digits);

        byte[] expected = concat(idxHeader(IMAGES, 3, 28, 28), greyBytes(digits));
        assertThat(Files.readAllBytes(raw)).isEqualTo(expected);
        byte[] compressed = Files.readAllBytes(gz);
        assertThat(compressed[0] & 0xff).isEqualTo(0x1f);
        assertThat(compressed[1] & 0xff).isEqualTo(0x8b);
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() {
        Dataset digits = realDigits(5);
        byte[] idx = concat(idxHeader(IMAGES, 5, 28, 28), greyBytes(digits));
        Path gzipWithoutSuffix = write(dir.resolve("images.idx"), gzip(idx));
        Path rawWithGzSuffix = write(dir.resolve("images.idx.gz"), idx);

        assertThat(IdxReader.readImages(gzipWithoutSuffix)).isEqualTo(digits.pixels());
        assertThat(IdxReader.readImages(rawWithGzSuffix)).isEqualTo(digits.pixels());
    }

    @Test
    void pixelsAreScaledBytes() {
        byte[] pixels = new byte[784];
        pixels[0] = (byte) 255;
        pixels[1] = (byte) 128;
        pixels[783] = 1;
        Path file = write(dir.resolve("one"), concat(idxHeader(IMAGES, 1, 28, 28), pixels));
        float[] read = IdxReader.readImages(file);
        assertThat(read[0]).isEqualTo(1f);
        assertThat(read[1]).isEqualTo(128 / 255f);
        assertThat(read[2]).isEqualTo(0f);
        assertThat(read[783]).isEqualTo(1 / 255f);
    }

    @Test
    void emptyImageFileIsAValidEmptySet() {
        Path file = write(dir.resolve("none"), idxHeader(IMAGES, 0, 28, 28));
        assertThat(IdxReader.readImages(file)).isEmpty();
    }

    // ---- malformed files: each message is one line naming the file and the place ----

    @Test
    void labelsFileGivenAsImagesNamesBothMagicNumbers() {
        Path file = write(dir.resolve("labels-as-images"), concat(idxHeader(LABELS, 2), new byte[]{1, 2}));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": wrong magic number 0x00000801 (IDX labels: unsigned bytes, 1 dimension), "
                        + "expected 0x00000803 (IDX images: unsigned bytes, 3 dimensions)");
    }

    @Test
    void unknownMagicNumber() {
        Path file = write(dir.resolve("png-like"), concat(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, new byte[40]));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessage(file + ": wrong magic number 0x89504E47, expected 0x00000801 (IDX labels: unsigned bytes, 1 dimension)");
    }

    @Test
    void wrongImageDimensionsNameTheShape() {
        Path file = write(dir.resolve("cifar-like"), concat(idxHeader(IMAGES, 100, 32, 32), new byte[100 * 32 * 32]));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessage(file + ": images are 32x32 (shape 100 x 32 x 32), expected 28x28");
    }

    @Test
    void truncatedRawImagesNameTheIncompleteRecord() {
        byte[] twoAndAHalf = Arrays.copyOf(greyBytes(realDigits(3)), 2 * 784 + 392);
        Path file = write(dir.resolve("cut-images"), concat(idxHeader(IMAGES, 3, 28, 28), twoAndAHalf));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessage(file + ": truncated: record 3 of 3 is incomplete: expected 784 bytes, found 392");
    }

    @Test
    void imagesEndingOnARecordBoundaryStillNameTheMissingRecord() {
        Path file = write(dir.resolve("short-images"), concat(idxHeader(IMAGES, 5, 28, 28), greyBytes(realDigits(4))));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessage(file + ": truncated: record 5 of 5 is incomplete: expected 784 bytes, found 0");
    }

    @Test
    void truncatedGzipStreamIsReportedAsTruncatedData() {
        byte[] compressed = gzip(concat(idxHeader(IMAGES, 100, 28, 28), greyBytes(realDigits(100))));
        Path file = write(dir.resolve("cut-images.gz"), Arrays.copyOf(compressed, compressed.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching("\\Q" + file + "\\E: truncated: record \\d+ of 100 is incomplete: expected 784 bytes, found \\d+");
    }

    @Test
    void gzipMissingOnlyItsTrailerIsRefused() {
        byte[] compressed = gzip(concat(idxHeader(LABELS, 3), new byte[]{1, 2, 3}));
        Path file = write(dir.resolve("no-trailer.gz"), Arrays.copyOf(compressed, compressed.length - 8));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessageStartingWith(file + ": gzip stream is truncated");
    }

    @Test
    void hugeCountInTinyRawFileFailsFastWithoutHugeAllocation() {
        // 16-byte header claiming 2^31-1 images (1.6 TB of pixels), then 4 bytes: a 20-byte file.
        Path file = write(dir.resolve("liar"), concat(idxHeader(IMAGES, Integer.MAX_VALUE, 28, 28), new byte[4]));
        assertThat(file.toFile().length()).isEqualTo(20);
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessage(file + ": truncated: record 1 of 2147483647 is incomplete: expected 784 bytes, found 4");
    }

    @Test
    void hugeCountInTinyGzipFileFailsFastWithoutHugeAllocation() {
        Path file = write(dir.resolve("liar-labels.gz"), gzip(concat(idxHeader(LABELS, Integer.MAX_VALUE), new byte[]{3, 1, 4})));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessage(file + ": truncated: record 4 of 2147483647 is incomplete: expected 1 bytes, found 0");
    }

    @Test
    void countBeyondSignedIntIsRefused() {
        Path file = write(dir.resolve("negative"), idxHeader(LABELS, -1));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessage(file + ": header declares 4294967295 records, more than 2147483647");
    }

    @Test
    void trailingGarbageIsRefused() {
        Path file = write(dir.resolve("garbage"),
                concat(idxHeader(IMAGES, 2, 28, 28), greyBytes(realDigits(2)), "hello".getBytes()));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessage(file + ": 5 unexpected bytes after the last of 2 records (trailing garbage)");
    }

    @Test
    void labelOutOfRangeNamesTheRecord() {
        Path file = write(dir.resolve("labels-11"), concat(idxHeader(LABELS, 10), new byte[]{7, 2, 1, 11, 4, 1, 4, 9, 5, 9}));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessage(file + ": record 4 of 10: label 11 is outside 0-9");
    }

    @Test
    void labelByteAbove127IsReadUnsigned() {
        Path file = write(dir.resolve("labels-200"), gzip(concat(idxHeader(LABELS, 1), new byte[]{(byte) 200})));
        assertThatThrownBy(() -> IdxReader.readLabels(file))
                .hasMessage(file + ": record 1 of 1: label 200 is outside 0-9");
    }

    @Test
    void imageAndLabelCountMismatch() {
        Dataset digits = realDigits(10);
        Path images = dir.resolve("x-images-idx3-ubyte");
        Path labels = dir.resolve("x-labels-idx1-ubyte");
        IdxWriter.writeImages(images, digits);
        IdxWriter.writeLabels(labels, Arrays.copyOf(digits.labels(), 9));
        assertThatThrownBy(() -> IdxReader.read(images, labels))
                .hasMessage(labels + ": 9 labels for the 10 images in " + images + " (the counts must match)");
    }

    @Test
    void emptyFile() {
        Path file = write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxReader.readImages(file)).hasMessage(file + ": empty file, expected an IDX header");
    }

    @Test
    void truncatedHeader() {
        Path file = write(dir.resolve("short-header"), Arrays.copyOf(idxHeader(IMAGES, 1, 28, 28), 10));
        assertThatThrownBy(() -> IdxReader.readImages(file))
                .hasMessage(file + ": truncated header: expected 16 bytes, found 10");
    }

    @Test
    void corruptGzipData() {
        byte[] compressed = gzip(concat(idxHeader(LABELS, 3), new byte[]{1, 2, 3}));
        for (int i = 10; i < compressed.length; i++) compressed[i] = (byte) 0xff;
        Path file = write(dir.resolve("corrupt.gz"), compressed);
        assertThatThrownBy(() -> IdxReader.readLabels(file)).hasMessageStartingWith(file + ": corrupt gzip data (");
    }

    @Test
    void missingFileAndDirectory() {
        Path missing = dir.resolve("nothing-here");
        assertThatThrownBy(() -> IdxReader.readImages(missing)).hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> IdxReader.readImages(dir)).hasMessage(dir + ": is a directory, expected a file");
    }

    @Test
    void writerRefusesPixelsOutsideTheUnitRange() {
        float[] pixels = realDigits(2).pixels().clone();
        pixels[784 + 5] = 1.5f;
        Dataset bad = new Dataset("bad", pixels, null);
        Path target = dir.resolve("bad-images");
        assertThatThrownBy(() -> IdxWriter.writeImages(target, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad: image 1 pixel 5 is 1.5, outside [0,1]");
        assertThat(target).doesNotExist();
    }
}
