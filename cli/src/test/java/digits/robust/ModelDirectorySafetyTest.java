package digits.robust;

import digits.testing.TrainedModel;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A model directory never runs code, a failed training never harms the model it would replace, and saving is never half-done. */
@Timeout(120)
class ModelDirectorySafetyTest {

    /** Loading a model can only run code through Java deserialization; nothing in the tool uses it. */
    @Test
    void noJavaDeserializationAnywhereInTheTool() throws IOException {
        List<String> offenders = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (String module : List.of("core", "cli", "bench")) {
            try (Stream<Path> sources = Files.walk(Path.of(module, "src", "main", "java"))) {
                files.addAll(sources.filter(f -> f.toString().endsWith(".java")).toList());
            }
        }
        assertThat(files).hasSizeGreaterThan(100);
        for (Path file : files) {
            String code = Files.readString(file);
            if (code.contains("ObjectInputStream") || code.contains("readObject(") || code.contains("XMLDecoder")) {
                offenders.add(file.toString());
            }
        }
        assertThat(offenders).isEmpty();
    }

    /**
     * Each failing {@code digits train -o EXISTING}: bad data, bad options, a training that diverges. The existing model
     * must stay byte-for-byte as it was, and still load.
     */
    @Test
    void failedTrainingLeavesTheExistingModelIntact(@TempDir Path dir) throws IOException {
        Path model = TrainedModel.copyTo(dir.resolve("model"));
        Map<String, String> before = TrainedModel.digests(model);
        Path badCsv = RealInputs.trainCsv(dir.resolve("train.csv"), 20);
        List<String> lines = new ArrayList<>(RealInputs.lines(badCsv));
        lines.set(7, lines.get(7).replaceFirst(",0,", ",x,"));
        RealInputs.writeLines(badCsv, lines);

        record Attempt(List<Object> args, int exitCode, String message) {}
        List<Attempt> attempts = List.of(
                new Attempt(List.of("--input", badCsv), 2, badCsv + ":8: column pixel"),
                new Attempt(List.of("--input", dir.resolve("missing.csv")), 2, "missing.csv: no such file"),
                new Attempt(List.of("--epochs", "0"), 2, "--epochs must be at least 1, got 0"),
                new Attempt(List.of("--lr", "-1"), 2, "--lr must be a positive number, got -1"),
                new Attempt(List.of("--model", "banana"), 2, "unknown model 'banana'"),
                new Attempt(List.of("--val-split", "2"), 2, "--val-split must be in [0,1), got 2"),
                new Attempt(List.of("--optimizer", "nope"), 2, "--optimizer must be one of adam, adamw, sgd, rmsprop, got nope"),
                new Attempt(List.of("--lr-schedule", "step:x"), 2, "learning-rate schedule 'step': every must be a whole number, got 'x'"),
                // SGD at 1e30 drives an MLP's loss to NaN: the loop stops before anything is saved (exit code 4).
                new Attempt(List.of("--model", "mlp", "--hidden", "16", "--optimizer", "sgd", "--lr", "1e30", "--limit", "2000"),
                        4, "training diverged (loss is NaN"));
        for (Attempt a : attempts) {
            List<Object> args = new ArrayList<>(List.of("train", "--test", "none", "--no-progress", "-o", model));
            args.addAll(a.args());
            for (String[] option : new String[][]{{"--model", "logistic"}, {"--limit", "500"}, {"--epochs", "1"}}) {
                if (!a.args().contains(option[0])) args.addAll(List.of(option));
            }
            Cli run = Cli.run(args.toArray());
            assertThat(run.exitCode()).as("%s: %s", a.args(), run.err()).isEqualTo(a.exitCode());
            assertThat(run.err()).as("%s", a.args()).contains(a.message()).hasLineCount(1);
            assertThat(TrainedModel.digests(model)).as("model after %s", a.args()).isEqualTo(before);
        }
        try (ModelStore.Loaded loaded = ModelStore.load(model)) {
            assertThat(loaded.descriptor().paramsSha256()).isEqualTo(ModelStore.readDescriptor(TrainedModel.directory()).paramsSha256());
        }
    }

    /**
     * Saving over a model directory while another thread keeps opening it: at every moment the descriptor is whole and
     * names a parameter file that exists with the SHA-256 it states. (A reader that finds its parameter file gone must
     * find a newer descriptor naming another file, or the same file written again by a later save: saves committed and
     * cleaned up in between, which is allowed.)
     * This holds because ModelStore writes the new parameter file first, then renames the descriptor over the old one,
     * then deletes the old parameter file.
     */
    @Test
    void savingOverAModelKeepsItLoadableAtEveryMoment(@TempDir Path dir) throws Exception {
        Path target = TrainedModel.copyTo(dir.resolve("model"));
        try (ModelStore.Loaded a = ModelStore.load(target); ModelStore.Loaded b = ModelStore.load(target)) {
            for (Pair<String, Parameter> p : b.model().block().getParameters()) {
                NDArray array = p.getValue().getArray();
                array.muli(0.5f);
            }
            ModelDescriptor descriptor = a.descriptor();
            String hashA = descriptor.paramsSha256();
            String hashB = ModelStore.save(b.model(), descriptor, dir.resolve("b")).paramsSha256();
            assertThat(hashB).isNotEqualTo(hashA);

            AtomicBoolean saving = new AtomicBoolean(true);
            AtomicInteger consistent = new AtomicInteger();
            AtomicInteger raced = new AtomicInteger();
            AtomicInteger fullLoads = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                while (saving.get() && failures.isEmpty()) {
                    try {
                        String problem = inspect(target, Set.of(hashA, hashB), consistent, raced);
                        if (problem != null) failures.add(problem);
                        if (consistent.get() % 20 == 0) {
                            // load() reads the descriptor again when a save removed the file it named: never fails here
                            try (ModelStore.Loaded loaded = ModelStore.load(target)) {
                                fullLoads.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }, "model-reader");
            reader.start();
            // At least 30 saves, and on until the reader has looked often enough (a slow machine needs more saves).
            int saves = 0;
            while (saves < 30 || (consistent.get() < 60 || fullLoads.get() < 2) && saves < 3000 && failures.isEmpty()) {
                ModelStore.save((saves % 2 == 0 ? b : a).model(), descriptor, target);
                saves++;
            }
            ModelStore.save(a.model(), descriptor, target);
            saving.set(false);
            reader.join();
            System.out.printf("save-over: %d consistent looks, %d allowed races, %d full loads during %d saves%n",
                    consistent.get(), raced.get(), fullLoads.get(), saves + 1);
            assertThat(failures).isEmpty();
            assertThat(consistent.get()).as("consistent observations").isGreaterThanOrEqualTo(60);
            assertThat(fullLoads.get()).isGreaterThanOrEqualTo(2);
            // After the last save (model a) exactly one parameter file is left, the one the descriptor names.
            assertThat(ModelStore.readDescriptor(target).paramsSha256()).isEqualTo(hashA);
            try (Stream<Path> files = Files.list(target)) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".params")).toList())
                        .containsExactly(ModelStore.readDescriptor(target).paramsFile());
            }
        }
    }

    /** One look at the directory; null when consistent (or an allowed race), else what is wrong. */
    private static String inspect(Path dir, Set<String> known, AtomicInteger consistent, AtomicInteger raced) {
        ModelDescriptor first = ModelStore.readDescriptor(dir);
        if (!known.contains(first.paramsSha256())) return "descriptor names unknown parameters " + first.paramsSha256();
        byte[] params;
        try {
            params = Files.readAllBytes(dir.resolve(first.paramsFile()));
        } catch (NoSuchFileException e) {
            ModelDescriptor now = ModelStore.readDescriptor(dir);
            // Saves alternate between two models, so the same file name comes back: between our two reads one save
            // removed it and the next wrote it again (A -> B -> A). Missing now as well would be a real fault.
            boolean savedAgain = now.paramsFile().equals(first.paramsFile()) && Files.isRegularFile(dir.resolve(now.paramsFile()));
            if (now.paramsFile().equals(first.paramsFile()) && !savedAgain) {
                return "descriptor names a missing file " + first.paramsFile();
            }
            raced.incrementAndGet();
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!ModelStore.sha256(params).equals(first.paramsSha256())) return first.paramsFile() + " does not match its SHA-256";
        consistent.incrementAndGet();
        return null;
    }
}
