package digits.cli;

import digits.data.DataSources;
import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.eval.MostConfused;
import digits.model.EngineSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code digits evaluate}: loss, accuracy, per-class report and confusion matrix of a saved model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved model on labelled data.",
                "Prints the loss, the accuracy, per-class precision/recall/F1 and the confusion matrix."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainedModelOptions model;

    @Option(names = {"-i", "--input"}, defaultValue = DataSources.MNIST_TEST,
            description = "Labelled data: " + DataSources.INPUT_HELP + " (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--errors", defaultValue = "10", description = "List the N most confidently wrong images (default: ${DEFAULT-VALUE}).")
    int errors;

    @Mixin
    TtaOptions tta;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        if (errors < 0) throw new IllegalArgumentException("--errors must be 0 or more, got " + errors);
        threads.apply();
        Dataset data = DataSources.load(input);
        if (!data.hasLabels()) {
            throw new IllegalArgumentException(input + " has no labels: evaluate needs labelled data (use `digits predict` for test.csv)");
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainedModelOptions.Predicted predicted = model.predict(data, tta);
        Evaluation evaluation = Evaluation.of(data.labels(), predicted.probabilities());
        out.printf(Locale.ROOT, "Model %s on %s, %,d images, %.1fs%n", predicted.model(), data.name(), data.size(),
                predicted.seconds());
        out.println(evaluation.format());
        if (errors > 0) {
            out.println("Most confidently wrong:");
            out.println("  index  true  predicted  probability");
            for (MostConfused.Mistake m : MostConfused.find(data.labels(), predicted.probabilities(), errors)) {
                out.printf(Locale.ROOT, "  %5d  %4d  %9d  %11.4f%n", m.index(), m.trueLabel(), m.predicted(), m.probability());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
