package digits.robust;

import digits.testing.Fifos;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.model.EngineSetup;
import digits.train.Checkpoint;
import digits.train.EpochStats;
import digits.train.TrainingData;
import digits.train.TrainingJob;
import digits.train.TrainingListener;
import digits.train.TrainingRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code digits train --resume DIR} reads a checkpoint somebody else may have written: every way of lying in it
 * ends in one line and exit 2, reads nothing outside the checkpoint and changes no file.
 */
@Timeout(120)
class CheckpointTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ARGS = List.of("--model", "logistic", "--limit", "600", "--epochs", "3",
            "--test", "none", "--no-progress");
    private static Path pristine;

    /** A real checkpoint: the run stops (as on Ctrl-C) after its first epoch. */
    @BeforeAll
    static void interruptedRun(@TempDir Path tmp) {
        EngineSetup.threads(2);
        TrainingRequest request = TrainingRequest.builder().parse("model", "logistic").parse("limit", "600")
                .parse("epochs", "3").parse("test", "none").build();
        pristine = tmp.resolve("run");
        TrainingJob[] job = new TrainingJob[1];
        job[0] = new TrainingJob(request, TrainingData.load(request)).saveTo(pristine)
                .checkpointEveryEpoch(Map.of("args", ARGS)).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochStats stats, int epochs) {
                        job[0].requestStop();
                    }
                });
        assertThat(job[0].run().interrupted()).isTrue();
        assertThat(Checkpoint.read(pristine).epochsDone()).isEqualTo(1);
    }

    private static Path copy(Path tmp) throws IOException {
        Path dir = tmp.resolve("copy");
        Files.createDirectories(dir.resolve(Checkpoint.DIRECTORY));
        try (var files = Files.list(pristine.resolve(Checkpoint.DIRECTORY))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(Checkpoint.DIRECTORY).resolve(f.getFileName()));
        }
        return dir;
    }

    private static Path json(Path dir) {
        return dir.resolve(Checkpoint.DIRECTORY).resolve(Checkpoint.FILE);
    }

    private static void edit(Path dir, Consumer<ObjectNode> change) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(json(dir).toFile());
        change.accept(node);
        Files.writeString(json(dir), JSON.writeValueAsString(node));
    }

    private static void refused(Path dir, String message) {
        Map<String, String> before = digests(dir.resolve(Checkpoint.DIRECTORY));
        Cli run = Cli.run("train", "--resume", dir, "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).startsWith("digits: error: ").contains(message).hasLineCount(1);
        assertThat(run.showsStackTrace()).isFalse();
        assertThat(dir.resolve("model.json")).doesNotExist();
        assertThat(digests(dir.resolve(Checkpoint.DIRECTORY))).isEqualTo(before);
    }

    /** Each entry's digest, a link by its target and a pipe by its kind (reading them would never end). */
    private static Map<String, String> digests(Path dir) {
        Map<String, String> all = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (Files.isSymbolicLink(f)) all.put(name, "link to " + Files.readSymbolicLink(f));
                else if (!Files.isRegularFile(f)) all.put(name, "special");
                else all.put(name, digits.model.ModelStore.sha256(Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    @Test
    void recordedCommandLinesThatWouldNotTrainAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        for (List<String> args : List.of(List.of("--resume", dir.toString()), List.of("--help"), List.of("-V"),
                List.of("--help-schedules"), List.of("@/etc/passwd"), List.of("--resume=" + dir))) {
            edit(dir, node -> {
                ArrayNode recorded = ((ObjectNode) node.get("run")).putArray("args");
                ARGS.forEach(recorded::add);
                args.forEach(recorded::add);
            });
            refused(dir, "which no training run records");
        }
        edit(dir, node -> ((ObjectNode) node.get("run")).putArray("args").add("--epochs").add("two"));
        refused(dir, "the recorded command line does not parse");
        edit(dir, node -> ((ObjectNode) node.get("run")).putArray("args").add(7));
        refused(dir, "no command line recorded");
    }

    @Test
    void positionsOutsideTheRunAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        String original = Files.readString(json(dir));
        Map<String, Consumer<ObjectNode>> lies = Map.of(
                "step 2147483647 is past the epoch's 5 steps", n -> n.put("step", Integer.MAX_VALUE),
                "3 epochs are done, the run has 3", n -> {
                    n.put("epochsDone", 3);
                    ArrayNode history = (ArrayNode) n.get("history");
                    history.add(((ObjectNode) history.get(0).deepCopy()).put("epoch", 2));
                    history.add(((ObjectNode) history.get(0).deepCopy()).put("epoch", 3));
                },
                "1 epochs done but 0 in the history", n -> n.putArray("history"),
                "best epoch 9 is not one of the epochs done", n -> n.put("bestEpoch", 9),
                "running counts 10 of 5", n -> n.put("step", 1).put("seen", 5).put("correct", 10),
                "the checkpoint was made with lr=0.005, this run has lr=0.01", n ->
                        ((ObjectNode) n.get("run")).putArray("args").add("--model").add("logistic").add("--limit").add("600")
                                .add("--epochs").add("3").add("--test").add("none").add("--lr").add("0.01"),
                "the checkpoint was made with deskew=false, this run has deskew=true", n ->
                        ((ObjectNode) n.get("run")).putArray("args").add("--model").add("logistic").add("--limit").add("600")
                                .add("--epochs").add("3").add("--test").add("none").add("--deskew"),
                "the checkpoint was made with 540 training images, this data has 2700", n ->
                        ((ObjectNode) n.get("run")).putArray("args").add("--model").add("logistic").add("--limit").add("3000")
                                .add("--epochs").add("3").add("--test").add("none"));
        for (Map.Entry<String, Consumer<ObjectNode>> lie : lies.entrySet()) {
            Files.writeString(json(dir), original);
            edit(dir, lie.getValue());
            refused(dir, lie.getKey());
        }
    }

    @Test
    void onlyRegularFilesOfBoundedSizeAreRead(@TempDir Path tmp) throws Exception {
        Path dir = copy(tmp);
        String params = Checkpoint.read(dir).paramsFile();
        Path paramsFile = dir.resolve(Checkpoint.DIRECTORY).resolve(params);
        Files.delete(paramsFile);
        Files.createSymbolicLink(paramsFile, Path.of("/dev/zero"));
        refused(dir, params + ": not a regular file");

        Path other = copy(tmp.resolve("b"));
        Files.delete(json(other));
        Files.createSymbolicLink(json(other), Path.of("/etc/passwd"));
        refused(other, "checkpoint.json: not a regular file");

        Path fifo = copy(tmp.resolve("c"));
        Files.delete(json(fifo));
        Fifos.make(json(fifo));
        refused(fifo, "checkpoint.json: not a regular file");

        Path grown = copy(tmp.resolve("e"));
        Path optimizer = grown.resolve(Checkpoint.DIRECTORY).resolve(Checkpoint.read(grown).optimizerFile());
        Files.write(optimizer, new byte[4 << 20], java.nio.file.StandardOpenOption.APPEND);
        refused(grown, optimizer.getFileName() + ": " + Files.size(optimizer) + " bytes, more than a checkpoint holds");

        Path big = copy(tmp.resolve("d"));
        Files.write(json(big), new byte[5 << 20]);
        refused(big, "bytes, more than a checkpoint holds");
    }

    @Test
    void theUntouchedCheckpointStillResumes(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Cli run = Cli.run("train", "--resume", dir, "--threads", "2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Resuming at epoch 2").contains("Epoch 3/3");
        assertThat(dir.resolve("model.json")).isRegularFile();
    }
}
