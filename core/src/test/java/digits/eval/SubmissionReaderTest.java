package digits.eval;

import digits.data.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubmissionReaderTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("s.csv");
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private void assertRejected(String content, String message) throws IOException {
        Path f = file(content);
        assertThatThrownBy(() -> SubmissionReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + message);
    }

    @Test
    void readsLabelsInImageIdOrder() throws IOException {
        assertThat(SubmissionReader.read(file("ImageId,Label\n1,3\n2,0\n3,9\n"))).containsExactly(3, 0, 9);
    }

    @Test
    void toleratesWindowsLineEndsByteOrderMarkAndTrailingBlankLines() throws IOException {
        assertThat(SubmissionReader.read(file("\uFEFFImageId,Label\r\n1,3\r\n2,4\r\n\r\n"))).containsExactly(3, 4);
        assertThat(SubmissionReader.read(file("ImageId,Label\n1,3"))).containsExactly(3);
    }

    @Test
    void rejectsMissingOrWrongHeader() throws IOException {
        assertRejected("", ": empty file, expected the header \"ImageId,Label\"");
        assertRejected("ImageId,Label\n", ": no rows after the header");
        assertRejected("id,label\n1,3\n", ":1: expected the header \"ImageId,Label\", found \"id,label\"");
        assertRejected("1,3\n2,4\n", ":1: expected the header \"ImageId,Label\", found \"1,3\"");
    }

    @Test
    void rejectsWrongColumnCount() throws IOException {
        assertRejected("ImageId,Label\n1,3\n2,4,5\n", ":3: expected 2 columns (ImageId,Label), found 3");
        assertRejected("ImageId,Label\n1\n", ":2: expected 2 columns (ImageId,Label), found 1");
    }

    @Test
    void rowsInAnyOrderAreMatchedByImageId() throws IOException {
        assertThat(SubmissionReader.read(file("ImageId,Label\n3,9\n1,3\n2,0\n"))).containsExactly(3, 0, 9);
        Path solution = dir.resolve("solution.csv");
        assertThat(SubmissionReader.read(file("ImageId,Label\n2,0\n3,9\n1,3\n"), 3, solution)).containsExactly(3, 0, 9);
    }

    @Test
    void rejectsImageIdsThatAreNotWholeNumbers() throws IOException {
        String rule = "ImageId must be a whole number 1, 2, 3, ... (no sign, spaces or leading zeros), found ";
        assertRejected("ImageId,Label\n01,3\n", ":2: " + rule + "\"01\"");
        assertRejected("ImageId,Label\n1,3\nabc,3\n", ":3: " + rule + "\"abc\"");
        assertRejected("ImageId,Label\n-1,3\n", ":2: " + rule + "\"-1\"");
        assertRejected("ImageId,Label\n1.0,3\n", ":2: " + rule + "\"1.0\"");
    }

    @Test
    void rejectsRepeatedAndOutOfRangeImageIds() throws IOException {
        assertRejected("ImageId,Label\n2,3\n1,4\n2,5\n", ":4: ImageId 2 appears twice (also on line 2)");
        assertRejected("ImageId,Label\n0,3\n", ":2: ImageId 0 is outside 1-1 (the file has 1 row: its ImageIds must be 1 to 1, each once, in any order)");
        assertRejected("ImageId,Label\n1,3\n3,4\n", ":3: ImageId 3 is outside 1-2 (the file has 2 rows: its ImageIds must be 1 to 2, each once, in any order)");
        assertRejected("ImageId,Label\n1,3\n" + "9".repeat(30) + ",4\n", ":3: ImageId 9223372036854775807 is outside 1-2"
                + " (the file has 2 rows: its ImageIds must be 1 to 2, each once, in any order)");
    }

    @Test
    void againstASolutionEveryImageIdMustAppearOnce() throws IOException {
        Path solution = dir.resolve("solution.csv");
        Path f = file("ImageId,Label\n3,9\n1,3\n");
        assertThatThrownBy(() -> SubmissionReader.read(f, 3, solution))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": 2 rows, but the solution " + solution + " has 3 (no row for ImageId 2)");
        Path outside = file("ImageId,Label\n3,9\n4,3\n1,0\n");
        assertThatThrownBy(() -> SubmissionReader.read(outside, 3, solution))
                .hasMessage(outside + ":3: ImageId 4 is outside 1-3, the ImageIds of the solution " + solution);
        Path twice = file("ImageId,Label\n3,9\n1,3\n3,0\n");
        assertThatThrownBy(() -> SubmissionReader.read(twice, 3, solution))
                .hasMessage(twice + ":4: ImageId 3 appears twice (also on line 2)");
    }

    @Test
    void rejectsLabelsThatAreNotOneDigit() throws IOException {
        assertRejected("ImageId,Label\n1,10\n", ":2: Label must be a digit 0-9, found \"10\"");
        assertRejected("ImageId,Label\n1,\n", ":2: Label must be a digit 0-9, found \"\"");
        assertRejected("ImageId,Label\n1,3\n2, 4\n", ":3: Label must be a digit 0-9, found \" 4\"");
        assertRejected("ImageId,Label\n1,3.0\n", ":2: Label must be a digit 0-9, found \"3.0\"");
    }

    @Test
    void rejectsBlankLinesBetweenRows() throws IOException {
        assertRejected("ImageId,Label\n1,3\n\n2,4\n", ":3: blank line before the last row");
    }

    @Test
    void missingFileIsOneLine() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> SubmissionReader.read(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void binaryFileIsRejectedWithoutEchoingIt() throws IOException {
        Path f = dir.resolve("s.csv");
        Files.write(f, new byte[]{(byte) 0x1f, (byte) 0x8b, 8, 0, (byte) 0xff, (byte) 0xfe, 0, 0});
        assertThatThrownBy(() -> SubmissionReader.read(f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ": not a text file (invalid UTF-8)");
    }
}
