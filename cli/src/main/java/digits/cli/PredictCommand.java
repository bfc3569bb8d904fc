package digits.cli;

import digits.io.AtomicFiles;
import digits.data.DataSources;
import digits.data.Dataset;
import digits.eval.Probabilities;
import digits.eval.SubmissionWriter;
import digits.model.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code digits predict}: the digit in image files, or a Kaggle submission for a data set. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Label image files or write a Kaggle submission.",
                "Predicts with a saved model; a submission has the columns ImageId,Label.",
                "",
                "  digits predict seven.png scans/     label image files: PNG, JPEG, BMP or GIF of one digit,",
                "                                      any size, dark on light or light on dark; a folder",
                "                                      stands for its image files (sorted by name)",
                "  digits predict --input test.csv     write submission.csv for a data set",
                ""})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "0..*",
            description = "Image files or folders of image files to label (prints a table, or JSON with --json).")
    List<Path> images = new ArrayList<>();

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--json", description = "With image files: print a JSON array instead of a table.")
    boolean json;

    @Option(names = {"-i", "--input"}, description = "Data set to label for a submission: " + DataSources.INPUT_HELP + ".")
    String input;

    @Option(names = {"-o", "--output"}, description = "Submission file for --input (default: submission.csv).")
    Path output;

    @Option(names = "--probabilities", description = "With --input: also write the ten class probabilities per image (ImageId,p0..p9).")
    Path probabilitiesFile;

    @Mixin
    PreprocessOption preprocess;

    @Option(names = "--explain", paramLabel = "DIR",
            description = "With image files: also write NAME.explain.png per image into DIR: the digit as the model saw it, "
                    + "red where its ink pushed towards the label, blue towards the runner-up (occlusion saliency).")
    Path explainDir;

    @Mixin
    TtaOptions tta;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        if (!images.isEmpty()) {
            if (input != null) throw new IllegalArgumentException("give image files or --input, not both");
            if (output != null || probabilitiesFile != null) {
                throw new IllegalArgumentException("--output and --probabilities go with --input; for image files use --json");
            }
        } else {
            if (input == null) {
                throw new IllegalArgumentException("nothing to predict: give image files or folders (digits predict seven.png), "
                        + "or --input DATA for a submission");
            }
            if (json) throw new IllegalArgumentException("--json goes with image files; --input writes a submission CSV");
            if (explainDir != null) throw new IllegalArgumentException("--explain goes with image files, not --input");
        }
        threads.apply();
        return images.isEmpty() ? submission() : new ImageFilePredictions(spec.commandLine().getOut(),
                spec.commandLine().getErr()).run(() -> model.load(tta.chooser()), images, json, preprocess.preprocessor(),
                explainDir);
    }

    private int submission() {
        Path target = output != null ? output : Path.of("submission.csv");
        AtomicFiles.checkWritable(target); // before the model and the data are read
        if (probabilitiesFile != null) AtomicFiles.checkWritable(probabilitiesFile);
        Dataset data = DataSources.load(input);
        PrintWriter out = spec.commandLine().getOut();
        TrainedModelOptions.Predicted predicted = model.predict(data, tta);
        SubmissionWriter.writeSubmission(target, Probabilities.argmax(predicted.probabilities()));
        if (probabilitiesFile != null) SubmissionWriter.writeProbabilities(probabilitiesFile, predicted.probabilities());
        out.printf(Locale.ROOT, "Predicted %,d images in %.1fs with %s; wrote %s%s%n", data.size(), predicted.seconds(),
                predicted.modelId(), target, probabilitiesFile == null ? "" : " and " + probabilitiesFile);
        out.flush();
        return ExitCodes.OK;
    }
}
