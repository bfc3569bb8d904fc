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
    void rejectsImageIdsOutOfSequence() throws IOException {
        assertRejected("ImageId,Label\n0,3\n", ":2: expected ImageId 1, found 0 (ImageIds must run 1, 2, 3, ... in order)");
        assertRejected("ImageId,Label\n1,3\n3,4\n", ":3: expected ImageId 2, found 3 (ImageIds must run 1, 2, 3, ... in order)");
        assertRejected("ImageId,Label\n1,3\n1,4\n", ":3: expected ImageId 2, found 1 (ImageIds must run 1, 2, 3, ... in order)");
        assertRejected("ImageId,Label\n01,3\n", ":2: expected ImageId 1, found 01 (ImageIds must run 1, 2, 3, ... in order)");
        assertRejected("ImageId,Label\nabc,3\n", ":2: expected ImageId 1, found \"abc\" (ImageIds must run 1, 2, 3, ... in order)");
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
