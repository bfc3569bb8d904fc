package digits.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digits.data.InvalidInputException;
import digits.data.StoredFiles;
import digits.io.AtomicFiles;
import digits.io.Printable;
import digits.model.DigitModel;
import digits.model.ModelSummary;
import digits.train.optim.StatefulOptimizer;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where training stands, saved in {@code <model dir>/checkpoint/} after every epoch (and on Ctrl-C mid-epoch):
 * parameters, optimizer state, best weights, history, and what the caller needs to rebuild the run.
 * <p>Binary files carry the position in their name; {@code checkpoint.json}, written last with an atomic rename,
 * names them, so a crash at any moment leaves the previous checkpoint or the new one, whole.
 */
public final class Checkpoint {
    public static final String DIRECTORY = "checkpoint";
    public static final String FILE = "checkpoint.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param epochsDone   completed epochs
     * @param step         batches done in epoch {@code epochsDone + 1} (0 at an epoch boundary)
     * @param lossSum      running sums of that partial epoch, so its reported metrics stay right after resuming
     * @param trainImages  images per training epoch, so a resumed run can tell it has the same data (null in
     *                     checkpoints of older versions)
     * @param run          the caller's description of the run (command-line arguments, data), returned untouched
     * @param settings     the run's {@link TrainingRequest#trainingSettings()}, so that only the same run continues it
     *                     (null in checkpoints of older versions)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(int epochsDone, int step, double lossSum, long correct, long seen, double partialSeconds,
                        List<HistoryFiles.Row> history, int bestEpoch, String paramsFile, String optimizerFile,
                        String bestFile, Integer trainImages, Map<String, Object> run, Map<String, String> settings) {
        public List<EpochStats> epochs() {
            return history.stream().map(HistoryFiles::stats).toList();
        }
    }

    private Checkpoint() {}

    public static Path directory(Path modelDir) {
        return modelDir.resolve(DIRECTORY);
    }

    /** Where the loop stands when it saves: the position, the partial epoch's sums, the history so far. */
    record Position(int epochsDone, int step, double lossSum, long correct, long seen, double partialSeconds,
                    List<EpochStats> history, int bestEpoch, int trainImages, Map<String, Object> run,
                    Map<String, String> settings) {}

    /** Saves the model's parameters, the optimizer's state and the best weights so far (null: none) at a position. */
    static void save(Path dir, Position at, DigitModel model, StatefulOptimizer optimizer, ParameterSnapshot best) {
        String tag = "e" + at.epochsDone() + "-s" + at.step();
        State state = new State(at.epochsDone(), at.step(), at.lossSum(), at.correct(), at.seen(), at.partialSeconds(),
                at.history().stream().map(HistoryFiles::row).toList(), at.bestEpoch(), "params-" + tag + ".bin",
                "optimizer-" + tag + ".bin", best == null ? null : "best-e" + at.bestEpoch() + ".bin", at.trainImages(), at.run(),
                at.settings());
        ParameterSnapshot current = ParameterSnapshot.of(model.block());
        Map<String, String> names = parameterNames(model, true);
        write(dir, state,
                out -> writeData(out, current::write),
                out -> writeData(out, data -> optimizer.saveState(data, names)),
                best == null ? null : out -> writeData(out, best::write));
    }

    /** Puts a checkpoint's parameters into the model and its state into the optimizer. */
    static void restore(Path dir, State state, DigitModel model, StatefulOptimizer optimizer) {
        long max = maxBinaryBytes(model);
        try (DataInputStream params = open(dir, state.paramsFile(), max);
             DataInputStream saved = open(dir, state.optimizerFile(), max)) {
            ParameterSnapshot.read(params).restoreInto(model.block());
            optimizer.loadState(saved, parameterNames(model, false));
        } catch (IOException | IllegalStateException e) {
            throw new InvalidInputException(dir + ": damaged checkpoint (" + e.getMessage() + ")");
        }
    }

    /** The best weights a checkpoint kept, or null. */
    static ParameterSnapshot readBest(Path dir, State state, DigitModel model) {
        if (state.bestFile() == null) return null;
        try (DataInputStream in = open(dir, state.bestFile(), maxBinaryBytes(model))) {
            return ParameterSnapshot.read(in);
        } catch (IOException e) {
            throw new InvalidInputException(dir.resolve(state.bestFile()) + ": damaged (" + e.getMessage() + ")");
        }
    }

    private interface DataWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static void writeData(OutputStream out, DataWriter writer) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        writer.write(data);
        data.flush();
    }

    /**
     * The most bytes a checkpoint's binary file can have for this model: a value per parameter for each of the
     * optimizer's three states at most (Adam: the two moments and a copy), and room for the names.
     */
    private static long maxBinaryBytes(DigitModel model) {
        return 3L * Float.BYTES * ModelSummary.of(model.spec()).totalParams() + (1 << 20);
    }

    /** A binary file of the checkpoint, read whole (regular, bounded: it may have been replaced) and then parsed. */
    private static DataInputStream open(Path dir, String name, long max) throws IOException {
        byte[] bytes = StoredFiles.read(dir.resolve(name), max, REGULAR_ONLY, "more than a checkpoint holds");
        return new DataInputStream(new java.io.ByteArrayInputStream(bytes));
    }

    /** Parameter id to its structural name (byId) or the reverse: ids are random per run, names are stable. */
    private static Map<String, String> parameterNames(DigitModel model, boolean byId) {
        Map<String, String> map = new java.util.HashMap<>();
        for (var p : model.block().getParameters()) {
            if (byId) map.put(p.getValue().getId(), p.getKey());
            else map.put(p.getKey(), p.getValue().getId());
        }
        return map;
    }

    private static void write(Path dir, State state, AtomicFiles.StreamWriter params, AtomicFiles.StreamWriter optimizer,
                              AtomicFiles.StreamWriter best) {
        AtomicFiles.write(dir.resolve(state.paramsFile()), params);
        AtomicFiles.write(dir.resolve(state.optimizerFile()), optimizer);
        if (state.bestFile() != null && best != null) AtomicFiles.write(dir.resolve(state.bestFile()), best);
        try {
            AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(state) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> keep = new java.util.HashSet<>(java.util.Arrays.asList(FILE, state.paramsFile(), state.optimizerFile(),
                state.bestFile()));
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!keep.contains(f.getFileName().toString()) && !f.getFileName().toString().startsWith(".")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // leftovers of older checkpoints waste space but are never read: checkpoint.json names the live files
        }
    }

    /** Removes a model directory's checkpoint (after the finished model is saved). */
    public static void delete(Path modelDir) {
        Path dir = directory(modelDir);
        if (!Files.isDirectory(dir)) return;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover checkpoint is harmless: the model files are complete
        }
    }

    /**
     * Reads the checkpoint of a model directory, checked like any input file (it may have been edited or planted):
     * regular files inside the checkpoint directory only, a bounded size, a position and history that agree.
     * One clear line if there is none or it is damaged.
     */
    public static State read(Path modelDir) {
        Path dir = directory(modelDir);
        Path file = dir.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(file + ": no checkpoint to resume (train with -o " + modelDir + " first)");
        }
        State state;
        try {
            state = JSON.readValue(StoredFiles.read(file, MAX_JSON_BYTES, REGULAR_ONLY, "more than a checkpoint holds"), State.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": damaged checkpoint (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        String problem = problem(state);
        if (problem != null) throw new InvalidInputException(file + ": damaged checkpoint (" + problem + ")");
        for (String name : new String[]{state.paramsFile(), state.optimizerFile(), state.bestFile()}) {
            if (name == null) continue;
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                throw new InvalidInputException(file + ": names a file outside the checkpoint: '" + name + "'");
            }
            Path f = dir.resolve(name);
            if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException(file + ": names " + name + ", which is missing");
            }
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException(f + ": not a regular file (" + REGULAR_ONLY + ")");
            }
        }
        return state;
    }

    /** The largest checkpoint.json read: its history grows by about 150 bytes an epoch. */
    private static final int MAX_JSON_BYTES = 4 << 20;

    /** Why links, devices and pipes are refused in a checkpoint. */
    private static final String REGULAR_ONLY = "a checkpoint holds only the files it wrote";

    /** What is inconsistent in a checkpoint's position and history, or null. */
    private static String problem(State s) {
        if (s.history() == null) return "no history";
        if (s.epochsDone() < 0 || s.step() < 0) return "negative position (epoch " + s.epochsDone() + ", step " + s.step() + ")";
        if (s.history().size() != s.epochsDone()) {
            return s.epochsDone() + " epochs done but " + s.history().size() + " in the history";
        }
        for (int i = 0; i < s.history().size(); i++) {
            HistoryFiles.Row row = s.history().get(i);
            if (row == null || row.epoch != i + 1) return "history row " + (i + 1) + " is not epoch " + (i + 1);
        }
        if (s.bestEpoch() < 0 || s.bestEpoch() > s.epochsDone()) return "best epoch " + s.bestEpoch() + " is not one of the epochs done";
        if (s.seen() < 0 || s.correct() < 0 || s.correct() > s.seen()) return "running counts " + s.correct() + " of " + s.seen();
        if (s.step() == 0 && s.seen() != 0) return "images seen before the first step";
        if (!(s.lossSum() >= 0) || Double.isInfinite(s.lossSum()) || !(s.partialSeconds() >= 0)) return "running sums out of range";
        if (s.trainImages() != null && s.trainImages() < 1) return "trainImages " + s.trainImages();
        if (s.paramsFile() == null || s.optimizerFile() == null) return "no parameter or optimizer file named";
        if (s.run() == null) return "no run description";
        return null;
    }

    /**
     * Checks a checkpoint against the run that continues it: the same number of training images, the same training
     * settings (where the checkpoint records them), a position inside its epochs and steps.
     */
    static void checkFits(Path dir, State s, TrainingRequest request, int steps, int batchSize, int trainImages) {
        String where = dir.resolve(FILE) + ": ";
        if (s.trainImages() != null && s.trainImages() != trainImages) {
            throw new InvalidInputException(where + "the checkpoint was made with " + s.trainImages()
                    + " training images, this data has " + trainImages);
        }
        if (s.settings() != null) {
            // Settings a version before or after this one does not know are left out of the comparison.
            for (Map.Entry<String, String> setting : request.trainingSettings().entrySet()) {
                String recorded = s.settings().get(setting.getKey());
                if (recorded != null && !recorded.equals(setting.getValue())) {
                    throw new InvalidInputException(where + "the checkpoint was made with " + setting.getKey() + "="
                            + Printable.shortened(recorded, 60) + ", this run has " + setting.getKey() + "="
                            + Printable.shortened(setting.getValue(), 60));
                }
            }
        }
        int epochs = request.epochs();
        if (s.epochsDone() >= epochs) {
            throw new InvalidInputException(where + s.epochsDone() + " epochs are done, the run has " + epochs);
        }
        if (s.step() >= steps) {
            throw new InvalidInputException(where + "step " + s.step() + " is past the epoch's " + steps + " steps");
        }
        if (s.seen() > (long) s.step() * batchSize) {
            throw new InvalidInputException(where + s.seen() + " images seen in " + s.step() + " steps of " + batchSize);
        }
    }
}
