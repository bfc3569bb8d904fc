package digits.cli;

import digits.api.ImagePreprocessor;
import digits.api.PhotoData;
import digits.api.Preprocessing;
import digits.data.DataSources;
import digits.data.Dataset;
import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import digits.data.render.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code digits photos}: MNIST training digits rendered as photos and cleaned, as IDX files for {@code digits train --add}. */
class PhotosCommandTest {
    private final CliRun cli = new CliRun();

    @Test
    void writesTheFirstTrainingDigitsAsTheCleanupSeesTheirPhotos(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("photo-data");
        assertThat(cli.run("photos", "-o", out.toString(), "--count", "24", "--condition", "photo-thick", "--seed", "5"))
                .as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("24 of 24 photos").contains("wrote " + out.resolve(PhotoData.IMAGES));
        Dataset photos = DataSources.load(out.resolve(PhotoData.IMAGES).toString());
        Dataset training = MnistFiles.train();
        assertThat(photos.size()).isEqualTo(24);
        for (int i = 0; i < 24; i++) assertThat(photos.label(i)).as("label of photo %d", i).isEqualTo(training.label(i));
        // each is what `digits predict --preprocess photo` makes of the condition's picture of that digit (IDX keeps bytes)
        ImagePreprocessor cleanup = new ImagePreprocessor().withMode(Preprocessing.PHOTO);
        for (int i : new int[]{0, 7, 23}) {
            float[] expected = cleanup.preprocess(Condition.PHOTO_THICK.picture(training, i, 5));
            float[] written = java.util.Arrays.copyOfRange(photos.pixels(), i * Dataset.PIXELS, (i + 1) * Dataset.PIXELS);
            for (int p = 0; p < Dataset.PIXELS; p++) assertThat(written[p]).isCloseTo(expected[p], within(0.5f / 255 + 1e-6f));
        }
        // the marker's pictures differ from the digits they were made from, and from another seed's
        assertThat(photos.pixels()).isNotEqualTo(java.util.Arrays.copyOf(training.pixels(), 24 * Dataset.PIXELS));
        byte[] first = Files.readAllBytes(out.resolve(PhotoData.IMAGES));
        assertThat(cli.run("photos", "-o", out.toString(), "--count", "24", "--condition", "photo-thick", "--seed", "5"))
                .isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(out.resolve(PhotoData.IMAGES))).as("the same photos again").isEqualTo(first);
        assertThat(cli.run("photos", "-o", out.toString(), "--count", "24", "--condition", "photo-thick", "--seed", "6"))
                .isEqualTo(ExitCodes.OK);
        assertThat(Files.readAllBytes(out.resolve(PhotoData.IMAGES))).as("another seed").isNotEqualTo(first);
    }

    /** A Kaggle player renders the rows of their own train.csv (here: MNIST training digits 100-129 in another order). */
    @Test
    void rendersTheLabelledDigitsOfAnInputFileAndRefusesOneWithoutLabels(@TempDir Path dir) throws Exception {
        Dataset training = MnistFiles.train();
        int[] rows = new int[30];
        for (int i = 0; i < rows.length; i++) rows[i] = 129 - i;
        Dataset mine = training.subset(rows, "mine");
        Path csv = dir.resolve("train.csv");
        KaggleCsvWriter.writeTrain(csv, mine);
        Path out = dir.resolve("photo-data");
        assertThat(cli.run("photos", "-i", csv.toString(), "-o", out.toString(), "--condition", "photo")).as(cli.err())
                .isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("30 of 30 photos");
        Dataset photos = DataSources.load(out.resolve(PhotoData.IMAGES).toString());
        assertThat(photos.labels()).containsExactly(mine.labels());
        float[] expected = new ImagePreprocessor().withMode(Preprocessing.PHOTO).preprocess(Condition.PHOTO.picture(mine, 3, 2));
        for (int p = 0; p < Dataset.PIXELS; p++) {
            assertThat(photos.pixels()[3 * Dataset.PIXELS + p]).isCloseTo(expected[p], within(0.5f / 255 + 1e-6f));
        }

        Path unlabelled = dir.resolve("test.csv");
        KaggleCsvWriter.writeTest(unlabelled, mine);
        Path other = dir.resolve("other");
        assertThat(cli.run("photos", "-i", unlabelled.toString(), "-o", other.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: " + unlabelled + ": has no labels, so its photos "
                + "could not be trained on");
        assertThat(cli.run("photos", "-i", csv.toString(), "-o", other.toString(), "--count", "31")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: --count must be between 1 and 30 (the digits of "
                + csv + "), got 31");
        assertThat(other).doesNotExist();
    }

    @Test
    void aBadCountConditionOrOutputIsRefusedOnOneLineAndNothingIsReplaced(@TempDir Path dir) throws Exception {
        assertThat(cli.run("photos", "-o", dir.toString(), "--count", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: --count must be between 1 and 60000 (the digits of mnist-train), got 0");
        assertThat(cli.run("photos", "-o", dir.toString(), "--count", "60001")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: --count must be between 1 and 60000 (the digits of mnist-train), got 60001");
        assertThat(cli.run("photos", "-o", dir.toString(), "--condition", "low-res-8")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().split("\\R")).singleElement().asString()
                .startsWith("digits: error: --condition low-res-8 is not a photo: use one of photo, photo-shadow");
        assertThat(cli.run("photos", "-o", dir.toString(), "--condition", "sepia")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: Invalid value for option '--condition': unknown condition 'sepia': use clean,")
                .endsWith("\nsee 'digits photos --help'\n"); // picocli's two lines, as for every option it cannot convert
        assertThat(dir).isEmptyDirectory();
        Path file = Files.writeString(dir.resolve("file"), "keep");
        assertThat(cli.run("photos", "-o", file.toString(), "--count", "5")).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(cli.err().split("\\R")).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo("keep");
    }
}
