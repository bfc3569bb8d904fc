package digits.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmissionWriterTest {
    @TempDir
    Path dir;

    @Test
    void submissionIsKaggleFormatByteForByte() throws IOException {
        Path file = dir.resolve("submission.csv");
        SubmissionWriter.writeSubmission(file, new int[]{2, 0, 9, 0, 3});
        byte[] expected = "ImageId,Label\n1,2\n2,0\n3,9\n4,0\n5,3\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        // nothing but the target is left behind (no temp file)
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void overwritesAnExistingSubmission() throws IOException {
        Path file = dir.resolve("submission.csv");
        Files.writeString(file, "old content that is longer than the new one\n".repeat(10));
        SubmissionWriter.writeSubmission(file, new int[]{7});
        assertThat(Files.readString(file)).isEqualTo("ImageId,Label\n1,7\n");
    }

    @Test
    void probabilitiesFileHasOneRowPerImage() throws IOException {
        Path file = dir.resolve("probabilities.csv");
        float[] probs = {
                0.5f, 0.25f, 0.125f, 0.125f, 0, 0, 0, 0, 0, 0,
                1e-5f, 0, 0, 0, 0, 0, 0, 0, 0, 0.99999f,
        };
        SubmissionWriter.writeProbabilities(file, probs);
        assertThat(Files.readString(file)).isEqualTo(
                "ImageId,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9\n"
                        + "1,0.5,0.25,0.125,0.125,0.0,0.0,0.0,0.0,0.0,0.0\n"
                        + "2,1.0E-5,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0.99999\n");
        // every value reads back as the same float
        String[] row = Files.readAllLines(file).get(2).split(",");
        for (int k = 0; k < 10; k++) assertThat(Float.parseFloat(row[k + 1])).isEqualTo(probs[10 + k]);
    }

    @Test
    void roundTripsThroughTheReader() {
        Path file = dir.resolve("s.csv");
        int[] labels = new int[28000];
        for (int i = 0; i < labels.length; i++) labels[i] = (i * 7) % 10;
        SubmissionWriter.writeSubmission(file, labels);
        assertThat(SubmissionReader.read(file)).isEqualTo(labels);
    }

    @Test
    void refusesLabelsThatAreNotDigitsAndWritesNothing() {
        Path file = dir.resolve("submission.csv");
        assertThatThrownBy(() -> SubmissionWriter.writeSubmission(file, new int[]{1, 10}))
                .hasMessage("label 10 for ImageId 2 is not a digit 0-9");
        assertThat(file).doesNotExist();
    }
}
