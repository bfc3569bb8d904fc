package digits.cli;

import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.MnistFiles;
import digits.data.UserDigits;
import digits.eval.Evaluation;
import digits.model.ModelStore;
import digits.train.FineTune;
import digits.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code digits finetune}: a trained model taught a person's own digits in a few seconds. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a trained model on a person's own digits.",
                "Starts from the model's weights and trains a few epochs at a low learning rate on the digits saved by "
                        + "`digits serve --user-data DIR` (or any labelled Kaggle CSV), mixed with a sample of MNIST "
                        + "training digits so the model keeps the rest. Every fifth of the person's digits is held out "
                        + "and scored before and after, with the MNIST test set. See docs/personal.md."})
public final class FinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", required = true,
            description = "The model directory to start from (written by `digits train`).")
    Path model;

    @Option(names = {"-i", "--input"}, paramLabel = "USERDATA", required = true,
            description = "The person's digits: a --user-data folder of `digits serve` (its " + UserDigits.FILE
                    + "), or a labelled Kaggle CSV file.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
            description = "Where the fine-tuned model is saved (a new model directory; written atomically).")
    Path output;

    @Option(names = {"-e", "--epochs"}, paramLabel = "N", defaultValue = "" + FineTune.DEFAULT_EPOCHS,
            description = "Passes over the mix (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "" + FineTune.DEFAULT_LEARNING_RATE,
            description = "Adam's learning rate, constant (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "" + FineTune.DEFAULT_REPEATS,
            description = "Copies of each of the person's digits in the mix: their weight (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--mnist-sample", paramLabel = "N", defaultValue = "" + FineTune.DEFAULT_MNIST_SAMPLE,
            description = "MNIST training digits mixed in so the model does not forget (default: ${DEFAULT-VALUE}).")
    int mnistSample;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + FineTune.DEFAULT_SEED,
            description = "Random seed: the MNIST sample, the shuffles (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        FineTune settings;
        try {
            settings = new FineTune(epochs, learningRate, repeats, mnistSample, FineTune.DEFAULT_BATCH_SIZE, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("finetune: " + e.getMessage());
        }
        if (!Files.isDirectory(model)) throw TrainedModelOptions.missing(model);
        if (output.toAbsolutePath().normalize().equals(model.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("-o " + output + " is the model to start from: give a new directory");
        }
        ModelStore.checkCanSaveInto(output);
        threads.apply();
        Dataset personal = UserDigits.load(input);
        if (personal.size() == 0) throw new InvalidInputException(input + ": no digits yet: correct some on the page first");
        Dataset toLearn = personal.size() >= 5 ? FineTune.part(personal, false) : personal;
        Dataset held = personal.size() >= 5 ? FineTune.part(personal, true) : null;
        Dataset mnistTest = MnistFiles.test();
        List<Dataset> judge = new ArrayList<>();
        if (held != null) judge.add(held);
        judge.add(mnistTest);

        PrintWriter out = spec.commandLine().getOut();
        try (ModelStore.Loaded base = ModelStore.load(model)) {
            List<Evaluation> before = FineTune.judge(base.model(), judge);
            out.printf(Locale.ROOT, "Fine-tuning %s on %d of your digits%s (x%d) and %d MNIST training digits, %d epochs "
                            + "at lr %s%n", model, toLearn.size(),
                    held == null ? " (fewer than 5: none held out)" : ", " + held.size() + " held out", repeats,
                    mnistSample, epochs, learningRate);
            out.flush();
            FineTune.Result result = settings.run(base.model(), base.descriptor(), toLearn, output,
                    TrainingListener.SILENT, judge);
            List<Evaluation> after = result.judged();
            if (held != null) {
                out.printf(Locale.ROOT, "Your held-out digits: %.1f%% -> %.1f%% (%d digits)%n",
                        100 * before.get(0).accuracy(), 100 * after.get(0).accuracy(), held.size());
            }
            out.printf(Locale.ROOT, "MNIST test: %.2f%% -> %.2f%%%n", 100 * before.get(judge.size() - 1).accuracy(),
                    100 * after.get(judge.size() - 1).accuracy());
            out.printf(Locale.ROOT, "Saved %s (%s, trained in %.1f s)%n", output, result.outcome().descriptor().name(),
                    result.outcome().trainSeconds());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
