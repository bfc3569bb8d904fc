package digits.cli;

import digits.api.DigitRecognizer;
import digits.api.ModelDescription;
import digits.api.Tta;
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

    static InvalidInputException missing(Path dir) {
        boolean isDefault = dir.normalize().equals(Path.of(DEFAULT_DIR));
        return new InvalidInputException(dir + ": no such model directory"
                + (isDefault ? " (train one with `digits train`, or give --model DIR)" : ""));
    }

    public List<Path> dirs() {
        return List.copyOf(dirs);
    }
}
