package digits.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two files that belong together (IDX images and labels) are replaced both or neither. */
class AtomicFilesTest {
    @Test
    void bothFilesAreReplacedOrNeither(@TempDir Path dir) throws IOException {
        Path images = Files.writeString(dir.resolve("images"), "old images");
        Path labels = Files.writeString(dir.resolve("labels"), "old labels");

        assertThatThrownBy(() -> AtomicFiles.writeBoth(images, out -> out.write(bytes("new images")),
                labels, out -> {
                    out.write(bytes("half of the new lab"));
                    throw new IOException("disk full");
                })).isInstanceOf(OutputException.class).hasMessageContaining(labels.toString()).hasMessageContaining("disk full");
        assertThat(Files.readString(images)).as("the first file, complete, is not put in place alone").isEqualTo("old images");
        assertThat(Files.readString(labels)).isEqualTo("old labels");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temp file left").containsExactlyInAnyOrder("images", "labels");
        }

        AtomicFiles.writeBoth(images, out -> out.write(bytes("new images")), labels, out -> out.write(bytes("new labels")));
        assertThat(Files.readString(images)).isEqualTo("new images");
        assertThat(Files.readString(labels)).isEqualTo("new labels");
        Path fresh = dir.resolve("sub/a");
        AtomicFiles.writeBoth(fresh, out -> out.write(bytes("a")), dir.resolve("sub/b"), out -> out.write(bytes("b")));
        assertThat(Files.readString(fresh)).isEqualTo("a");
    }

    @Test
    void anOutputDirectoryThatIsAFileOrAPipeIsRefusedNamingWhatItIs(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "kept");
        Path pipe = digits.testing.Fifos.make(dir.resolve("pipe"));
        assertThatThrownBy(() -> AtomicFiles.checkDirectory(file)).isInstanceOf(OutputException.class)
                .hasMessage("cannot write " + file + ": is a file, not a directory");
        assertThatThrownBy(() -> AtomicFiles.checkDirectory(pipe)).isInstanceOf(OutputException.class)
                .hasMessage("cannot write " + pipe + ": is a device or a pipe, not a directory");
        assertThatThrownBy(() -> AtomicFiles.checkDirectory(pipe.resolve("runs"))).isInstanceOf(OutputException.class)
                .hasMessage("cannot write " + pipe.resolve("runs") + ": " + pipe + " is a device or a pipe, not a directory");
        assertThat(Files.readString(file)).isEqualTo("kept");
    }

    @Test
    void aDirectoryWhereAFileMustGoIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        Path images = Files.writeString(dir.resolve("images"), "old images");
        Path folder = Files.createDirectory(dir.resolve("labels"));
        assertThatThrownBy(() -> AtomicFiles.writeBoth(images, out -> out.write(bytes("new")), folder, out -> out.write(bytes("x"))))
                .isInstanceOf(OutputException.class).hasMessageContaining(folder.toString());
        assertThat(Files.readString(images)).isEqualTo("old images");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
