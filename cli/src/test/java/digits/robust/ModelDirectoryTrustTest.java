package digits.robust;

import digits.testing.Fifos;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.model.ModelStore;
import digits.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A model directory is untrusted input: only regular files inside it are read, each no larger than what the
 * architecture needs, and saving into a directory never makes what is there unloadable or deletes a file the tool
 * did not write.
 */
@Timeout(120)
class ModelDirectoryTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path model(Path tmp, String name) {
        return TrainedModel.copyTo(tmp.resolve(name));
    }

    private static Path params(Path dir) {
        return dir.resolve(ModelStore.readDescriptor(dir).paramsFile());
    }

    private static void refused(Path dir, String message) {
        Cli run = Cli.run("evaluate", "--model", dir, "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("digits: error: ").contains(message).hasLineCount(1);
        assertThat(run.showsStackTrace()).isFalse();
    }

    private static void editDescriptor(Path dir, Consumer<ObjectNode> change) throws IOException {
        Path file = dir.resolve(ModelStore.DESCRIPTOR);
        ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
        change.accept(node);
        Files.writeString(file, JSON.writeValueAsString(node));
    }

    @Test
    void linksDevicesAndPipesAreNeverRead(@TempDir Path tmp) throws Exception {
        Path zero = model(tmp, "zero");
        Path p = params(zero);
        Files.delete(p);
        Files.createSymbolicLink(p, Path.of("/dev/zero"));
        refused(zero, p + ": not a regular file");

        Path outside = model(tmp, "outside");
        Files.delete(outside.resolve(ModelStore.DESCRIPTOR));
        Files.createSymbolicLink(outside.resolve(ModelStore.DESCRIPTOR), Path.of("/etc/passwd"));
        refused(outside, "model.json: not a regular file");

        Path pipe = model(tmp, "pipe");
        Path q = params(pipe);
        Files.delete(q);
        Fifos.make(q);
        refused(pipe, q + ": not a regular file");
    }

    @Test
    void sizesAreCheckedAgainstTheArchitectureBeforeReading(@TempDir Path tmp) throws Exception {
        Path grown = model(tmp, "grown");
        Files.write(params(grown), new byte[2 << 20], StandardOpenOption.APPEND);
        refused(grown, "bytes, more than it can hold");

        Path huge = model(tmp, "huge");
        editDescriptor(huge, d -> d.put("architecture", "65536C3-65536C3-10"));
        refused(huge, "does not match architecture 65536C3-65536C3-10");

        Path bigJson = model(tmp, "big-json");
        Files.writeString(bigJson.resolve(ModelStore.DESCRIPTOR), " ".repeat(2 << 20) + "{}");
        refused(bigJson, "model.json: 2097154 bytes, more than it can hold");
    }

    @Test
    void descriptorsAreOneObjectForTwentyEightByTwentyEightImages(@TempDir Path tmp) throws Exception {
        Path trailing = model(tmp, "trailing");
        Files.writeString(trailing.resolve(ModelStore.DESCRIPTOR), "{\"x\": 1}", StandardOpenOption.APPEND);
        refused(trailing, "model.json: not a valid model descriptor");

        Path shape = model(tmp, "shape");
        editDescriptor(shape, d -> ((ObjectNode) d.get("input")).put("height", 99999).put("width", 1));
        refused(shape, "model.json: takes 99999x1x1 input scaled 'pixel / 255', light ink on dark background, not MNIST input");

        Path escape = model(tmp, "escape");
        editDescriptor(escape, d -> d.put("paramsFile", "a\u001b[31mred"));
        Cli run = Cli.run("evaluate", "--model", escape);
        assertThat(run.err()).doesNotContain("\u001b").contains("\\x1B[31mred");
    }

    @Test
    void savingNeverHarmsWhatIsThere(@TempDir Path tmp) throws Exception {
        // An ensemble directory: a model saved into it would make it unloadable; refused before any training.
        Path ensemble = tmp.resolve("ensemble");
        Cli combined = Cli.run("ensemble", "--combine", model(tmp, "a"), model(tmp, "b"), "--test", "none", "-o", ensemble);
        assertThat(combined.exitCode()).as(combined.err()).isZero();
        Cli train = Cli.run("train", "--model", "logistic", "--limit", "300", "--epochs", "1", "--test", "none", "-o", ensemble);
        assertThat(train.exitCode()).isEqualTo(3);
        assertThat(train.err()).isEqualTo("digits: error: cannot write " + ensemble
                + ": it holds an ensemble; a model needs a directory of its own\n");
        assertThat(train.out()).doesNotContain("Epoch");
        assertThat(Cli.run("evaluate", "--model", ensemble, "--input", "mnist-test").exitCode()).isZero();

        // A file the tool did not write survives a save into the directory, whatever its name.
        Path dir = model(tmp, "resaved");
        Path mine = dir.resolve("model-0123456789abcdef.params");
        Files.writeString(mine, "my notes");
        Path replaced = params(dir);
        Cli again = Cli.run("train", "--model", "logistic", "--limit", "300", "--epochs", "1", "--test", "none", "--seed", "5",
                "--no-progress", "-o", dir);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.readString(mine)).isEqualTo("my notes");
        assertThat(replaced).doesNotExist();
        assertThat(params(dir)).isRegularFile();

        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        Cli onFile = Cli.run("train", "--model", "logistic", "--limit", "300", "--epochs", "1", "-o", file);
        assertThat(onFile.exitCode()).isEqualTo(3);
        assertThat(onFile.err()).contains("cannot write " + file + ": is a file, not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
