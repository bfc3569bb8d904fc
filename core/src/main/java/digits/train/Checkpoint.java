package digits.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digits.data.InvalidInputException;
import digits.io.AtomicFiles;
import digits.model.DigitModel;
import digits.train.optim.StatefulOptimizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;

import java.io.IOException;
import java.nio.file.Files;
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
     * @param run          the caller's description of the run (command-line arguments, data), returned untouched
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(int epochsDone, int step, double lossSum, long correct, long seen, double partialSeconds,
                        List<HistoryFiles.Row> history, int bestEpoch, String paramsFile, String optimizerFile,
                        String bestFile, Map<String, Object> run) {
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
                    List<EpochStats> history, int bestEpoch, Map<String, Object> run) {}

    /** Saves the model's parameters, the optimizer's state and the best weights so far (null: none) at a position. */
    static void save(Path dir, Position at, DigitModel model, StatefulOptimizer optimizer, ParameterSnapshot best) {
        String tag = "e" + at.epochsDone() + "-s" + at.step();
        State state = new State(at.epochsDone(), at.step(), at.lossSum(), at.correct(), at.seen(), at.partialSeconds(),
                at.history().stream().map(HistoryFiles::row).toList(), at.bestEpoch(), "params-" + tag + ".bin",
                "optimizer-" + tag + ".bin", best == null ? null : "best-e" + at.bestEpoch() + ".bin", at.run());
        ParameterSnapshot current = ParameterSnapshot.of(model.block());
        Map<String, String> names = parameterNames(model, true);
        write(dir, state,
                out -> writeData(out, current::write),
                out -> writeData(out, data -> optimizer.saveState(data, names)),
                best == null ? null : out -> writeData(out, best::write));
    }

    /** Puts a checkpoint's parameters into the model and its state into the optimizer. */
    static void restore(Path dir, State state, DigitModel model, StatefulOptimizer optimizer) {
        try (DataInputStream params = open(dir, state.paramsFile());
             DataInputStream saved = open(dir, state.optimizerFile())) {
            ParameterSnapshot.read(params).restoreInto(model.block());
            optimizer.loadState(saved, parameterNames(model, false));
        } catch (IOException | IllegalStateException e) {
            throw new InvalidInputException(dir + ": damaged checkpoint (" + e.getMessage() + ")");
        }
    }

    /** The best weights a checkpoint kept, or null. */
    static ParameterSnapshot readBest(Path dir, State state) {
        if (state.bestFile() == null) return null;
        try (DataInputStream in = open(dir, state.bestFile())) {
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

    private static DataInputStream open(Path dir, String name) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(name))));
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

    /** Reads the checkpoint of a model directory; one clear line if there is none or it is damaged. */
    public static State read(Path modelDir) {
        Path file = directory(modelDir).resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": no checkpoint to resume (train with -o " + modelDir + " first)");
        }
        State state;
        try {
            state = JSON.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": damaged checkpoint (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        for (String name : new String[]{state.paramsFile(), state.optimizerFile(), state.bestFile()}) {
            if (name == null) continue;
            if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
                throw new InvalidInputException(file + ": names a file outside the checkpoint: '" + name + "'");
            }
            if (!Files.isRegularFile(directory(modelDir).resolve(name))) {
                throw new InvalidInputException(file + ": names " + name + ", which is missing");
            }
        }
        return state;
    }
}
