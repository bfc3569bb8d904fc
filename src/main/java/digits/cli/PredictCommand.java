package digits.cli;

import digits.data.DataSources;
import digits.data.Dataset;
import digits.eval.Probabilities;
import digits.eval.SubmissionWriter;
import digits.model.EngineSetup;
import digits.model.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code digits predict}: a Kaggle submission for a data set. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict labels with a saved model and write a Kaggle submission (ImageId,Label).")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true,
            description = "Model directory written by `digits train`, or ensemble directory written by `digits ensemble`.")
    Path modelDir;

    @Option(names = {"-i", "--input"}, description = "Images to label: " + DataSources.INPUT_HELP + ".")
    String input;

    @Option(names = {"-o", "--output"}, defaultValue = "submission.csv", description = "Submission file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--probabilities", description = "Also write the ten class probabilities per image (ImageId,p0..p9).")
    Path probabilitiesFile;

    @Mixin
    TtaOptions tta;

    @Option(names = "--threads", description = "CPU threads for the engine (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        if (input == null) throw new IllegalArgumentException("--input is required (e.g. --input test.csv)");
        EngineSetup.threads(threads == null ? EngineSetup.defaultThreads() : threads);
        Dataset data = DataSources.load(input);
        PrintWriter out = spec.commandLine().getOut();
        try (Models.Loaded loaded = Models.load(modelDir, tta.shifts())) {
            long start = System.nanoTime();
            float[] probabilities = loaded.model().probabilities(data);
            double seconds = (System.nanoTime() - start) / 1e9;
            SubmissionWriter.writeSubmission(output, Probabilities.argmax(probabilities));
            if (probabilitiesFile != null) SubmissionWriter.writeProbabilities(probabilitiesFile, probabilities);
            out.printf(Locale.ROOT, "Predicted %,d images in %.1fs with %s; wrote %s%s%n", data.size(), seconds,
                    loaded.descriptor().name(), output, probabilitiesFile == null ? "" : " and " + probabilitiesFile);
            out.flush();
        }
        return ExitCodes.OK;
    }
}
