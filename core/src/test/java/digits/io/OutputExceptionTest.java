package digits.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A file the tool cannot write is an {@link OutputException} whose one line names the file and says why. */
class OutputExceptionTest {
    @Test
    void aRegularFileWhereADirectoryMustBe(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        for (Path target : new Path[]{file.resolve("a.csv"), file.resolve("deeper/still/a.csv")}) {
            assertThatThrownBy(() -> AtomicFiles.writeString(target, "text"))
                    .isInstanceOfSatisfying(OutputException.class, e -> assertThat(e.path()).isEqualTo(target))
                    .hasMessage("cannot write " + target + ": " + file + " is a file, not a directory");
        }
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aDirectoryWhereTheFileMustBe(@TempDir Path dir) throws IOException {
        Path taken = Files.createDirectory(dir.resolve("submission.csv"));
        assertThatThrownBy(() -> AtomicFiles.writeString(taken, "ImageId,Label\n"))
                .isInstanceOf(OutputException.class)
                .hasMessage("cannot write " + taken + ": is a directory, not a file");
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left behind").containsExactly(taken);
        }
    }

    @Test
    void theJdksBarePathMessagesBecomeWords() {
        Path target = Path.of("out", "model.json");
        assertThat(new OutputException(target, new java.nio.file.AccessDeniedException("out/.model.json.123.tmp")).getMessage())
                .isEqualTo("cannot write " + target + ": permission denied");
        assertThat(new OutputException(target, new java.nio.file.AccessDeniedException("out")).getMessage())
                .isEqualTo("cannot write " + target + ": out: permission denied");
        assertThat(new OutputException(target, new IOException("No space left on device")).getMessage())
                .isEqualTo("cannot write " + target + ": No space left on device");
    }
}
