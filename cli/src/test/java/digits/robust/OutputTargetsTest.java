package digits.robust;

import digits.testing.Fifos;
import digits.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every output path may be a link, a device, a pipe or a directory: a link is followed (the file it names is
 * replaced, the link stays), a device or pipe is written into (never replaced), a directory is refused with one
 * line and exit 3 before any work.
 */
@Timeout(120)
class OutputTargetsTest {

    private static Cli predict(Object output) {
        return Cli.run("predict", "--model", TrainedModel.directory(), "--input", "mnist-test", "-o", output, "--threads", "2");
    }

    @Test
    void aLinkIsFollowedAndStays(@TempDir Path tmp) throws Exception {
        Path real = Files.writeString(tmp.resolve("real.csv"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.csv"), real);
        Path chain = Files.createSymbolicLink(tmp.resolve("chain.csv"), link.getFileName());
        Cli run = predict(chain);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.isSymbolicLink(chain)).isTrue();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(real)).hasSize(10_001).first().isEqualTo("ImageId,Label");

        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.csv"), tmp.resolve("made-by-the-link.csv"));
        assertThat(predict(dangling).exitCode()).isZero();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(tmp.resolve("made-by-the-link.csv")).isRegularFile();
    }

    @Test
    void devicesAndPipesAreWrittenIntoNotReplaced(@TempDir Path tmp) throws Exception {
        Path devNull = Path.of("/dev/null");
        Object before = Files.getAttribute(devNull, "unix:rdev");
        Cli run = predict(devNull);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.isRegularFile(devNull)).isFalse();
        assertThat(Files.getAttribute(devNull, "unix:rdev")).isEqualTo(before);

        Path fifo = tmp.resolve("pipe.csv");
        Fifos.make(fifo);
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllLines(fifo);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli piped = predict(fifo);
        assertThat(piped.exitCode()).as(piped.err()).isZero();
        assertThat(reader.get(60, TimeUnit.SECONDS)).hasSize(10_001);
        assertThat(Files.isRegularFile(fifo)).isFalse();
    }

    @Test
    void directoriesAndFilesInTheWayAreRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        Cli run = predict(dir);
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("digits: error: cannot write " + dir + ": is a directory, not a file\n");
        assertThat(run.out()).isEmpty();
        assertThat(dir).isEmptyDirectory();

        Path file = Files.writeString(tmp.resolve("file"), "keep");
        for (List<Object> args : List.<List<Object>>of(
                List.<Object>of("export-csv", "--limit", "5", "-o", file),
                List.<Object>of("sweep", "--models", "logistic", "--limit", "100", "--epochs", "1", "-o", file),
                List.<Object>of("data", "--input", "mnist-test", "--plots", file),
                List.<Object>of("report", "--model", TrainedModel.directory(), "-o", dir),
                List.<Object>of("predict", "--model", TrainedModel.directory(), "--input", "mnist-test", "-o", file.resolve("x.csv")),
                List.<Object>of("train", "--model", "logistic", "--limit", "100", "--epochs", "1", "-o", file))) {
            Cli refused = Cli.run(args.toArray());
            assertThat(refused.exitCode()).as("%s: %s", args, refused.err()).isEqualTo(3);
            assertThat(refused.err()).as("%s", args).startsWith("digits: error: cannot write ").hasLineCount(1);
            assertThat(refused.out()).as("%s", args).doesNotContain("Epoch").doesNotContain("Wrote");
        }
        assertThat(Files.readString(file)).isEqualTo("keep");
    }
}
