package digits.cli;

import digits.api.DigitRecognizer;
import digits.api.ModelDescription;
import digits.api.Tta;
import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.model.Architectures;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The {@code --model} option of the commands that use a trained model (evaluate, predict, serve, bench-serve). */
public final class TrainedModelOptions {
    /** Where {@code digits train} saves its default model, so that train-then-use needs no option. */
    public static final String DEFAULT_DIR = "runs/" + Architectures.DEFAULT;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", defaultValue = DEFAULT_DIR,
            description = "Model directory written by `digits train` or `digits ensemble` (default: ${DEFAULT-VALUE}, where `digits train` "
                    + "saves by default). Give it several times to average an ensemble.")
    List<Path> dirs;

    /** Loads the model (or the ensemble); a missing directory is refused with one line that says what to do. */
    public DigitRecognizer load() {
        return load(models -> Tta.NONE);
    }

    /** Loads with test-time augmentation over the copies {@code chooseTta} picks from the models' descriptions. */
    public DigitRecognizer load(Function<List<ModelDescription>, Tta> chooseTta) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) throw missing(dir);
        }
        return DigitRecognizer.loadEnsemble(dirs, chooseTta);
    }

    /**
     * A data set's class probabilities from the model (or ensemble), with test-time augmentation as {@code tta} asks.
     *
     * @param model   the model as described in a report line, with its test-time augmentation
     * @param modelId the model's short id (name and parameter hash)
     * @param seconds the prediction's wall time, loading excluded
     */
    public record Predicted(float[] probabilities, double seconds, String model, String modelId) {}

    /** Loads the model, predicts every image of {@code data} (timed) and closes the model: evaluate's and predict's step. */
    public Predicted predict(Dataset data, TtaOptions tta) {
        try (DigitRecognizer recognizer = load(tta.chooser())) {
            long start = System.nanoTime();
            float[] probabilities = recognizer.probabilities(data.pixels());
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Predicted(probabilities, seconds, recognizer.describe() + TtaOptions.describe(recognizer.tta()),
                    recognizer.modelId());
        }
    }

    static InvalidInputException missing(Path dir) {
        boolean isDefault = dir.normalize().equals(Path.of(DEFAULT_DIR));
        return new InvalidInputException(dir + ": no such model directory"
                + (isDefault ? " (train one with `digits train`, or give --model DIR)" : ""));
    }

    public List<Path> dirs() {
        return List.copyOf(dirs);
    }
}
