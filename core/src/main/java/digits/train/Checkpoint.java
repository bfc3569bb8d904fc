package digits.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digits.data.InvalidInputException;
import digits.io.AtomicFiles;

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

    static void write(Path dir, State state, AtomicFiles.StreamWriter params, AtomicFiles.StreamWriter optimizer,
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
