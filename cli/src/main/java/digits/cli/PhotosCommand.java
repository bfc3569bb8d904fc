package digits.cli;

import digits.api.PhotoData;
import digits.data.Dataset;
import digits.data.DataSources;
import digits.data.InvalidInputException;
import digits.data.render.Condition;
import digits.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code digits photos}: training digits as cleaned photos, to train a model that reads photos well. */
@Command(name = "photos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Render training digits as cleaned photos, to train on.",
                "Renders training digits (MNIST's, or a labelled file of yours) as photos of paper (as `digits bench --only conditions` renders test "
                        + "digits: paper, ink, light, blur, noise, JPEG), cleans them as `digits predict` cleans a photo, "
                        + "and writes them as IDX files. Trained on as well, they teach a model what the cleanup leaves of "
                        + "a photo, such as the loops a marker closed (docs/pictures.md):",
                "",
                "  digits photos -o runs/photo-data",
                "  digits train --epochs 6 --augment default --label-smoothing 0.1 --val-split 0 --add runs/photo-data/"
                        + PhotoData.IMAGES + " --add-weight 1 -o runs/photo",
                ""})
public final class PhotosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output-dir"}, required = true, paramLabel = "DIR", description = "Directory to write to (created if missing).")
    Path outputDir;

    @Option(names = {"-i", "--input"}, paramLabel = "DATA", defaultValue = DataSources.MNIST_TRAIN,
            description = "Labelled digits to render: " + DataSources.INPUT_HELP + " (default: ${DEFAULT-VALUE}; for a "
                    + "Kaggle-style split, its train.csv, so that no test digit is rendered).")
    String input;

    @Option(names = "--count", paramLabel = "N", description = "Render the first N digits only (default: all of them).")
    Integer count;

    @Option(names = "--condition", paramLabel = "NAME", defaultValue = "photo-mixed", converter = ConditionConverter.class,
            description = "How to render them: a photo condition of `digits bench --only conditions` (default: "
                    + "${DEFAULT-VALUE}, each picture a random paper, ink, stroke, shadow and turn).")
    Condition condition;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2",
            description = "Seed of the rendering (default: ${DEFAULT-VALUE}; the benchmark renders test digits with seed 1).")
    long seed;

    @Override
    public Integer call() {
        if (!condition.isPhoto()) {
            throw new IllegalArgumentException("--condition " + condition.key() + " is not a photo: use one of " + Condition.photoKeys());
        }
        Dataset training = DataSources.load(input);
        if (!training.hasLabels()) throw new InvalidInputException(input + ": has no labels, so its photos could not be trained on");
        if (count != null && (count < 1 || count > training.size())) {
            throw new IllegalArgumentException("--count must be between 1 and " + training.size() + " (the digits of "
                    + input + "), got " + count);
        }
        int total = count == null ? training.size() : count;
        AtomicFiles.checkDirectory(outputDir);
        PrintWriter out = spec.commandLine().getOut();
        PhotoData.Photos photos = PhotoData.make(training, total, condition, seed, made -> {
            if (made % 10_000 == 0 || made == total) {
                out.printf("%,d of %,d photos%n", made, total);
                out.flush();
            }
        });
        PhotoData.write(photos, outputDir);
        if (photos.unreadable() > 0) {
            out.printf("left out %,d photos in which the cleanup found no digit%n", photos.unreadable());
        }
        out.println("wrote " + outputDir.resolve(PhotoData.IMAGES));
        out.println("wrote " + outputDir.resolve(PhotoData.LABELS));
        out.flush();
        return ExitCodes.OK;
    }
}
