package digits.cli;

import digits.eval.ClassificationReport;
import digits.eval.ConfusionMatrix;
import digits.eval.Decimals;
import digits.eval.SubmissionReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Scores a Kaggle submission against the true labels, as the leaderboard would (accuracy), with the full report. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score a submission.csv against a solution file.",
                "Both files have the columns ImageId,Label; prints the accuracy, the per-class report and the confusion "
                        + "matrix."})
public final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--submission", required = true, paramLabel = "FILE", description = "The predictions (ImageId,Label).")
    Path submission;

    @Option(names = "--solution", required = true, paramLabel = "FILE", description = "The true labels (ImageId,Label).")
    Path solution;

    @Option(names = "--digits", defaultValue = "4", paramLabel = "N",
            description = "Decimal places in the report (default: ${DEFAULT-VALUE}).")
    int digits;

    @Override
    public Integer call() {
        if (digits < 1 || digits > 10) throw new IllegalArgumentException("--digits must be between 1 and 10, got " + digits);
        // Rows match by ImageId, in any order (as on Kaggle); each of the solution's ImageIds must appear once.
        int[] truth = SubmissionReader.read(solution);
        int[] predicted = SubmissionReader.read(submission, truth.length, solution);
        ConfusionMatrix confusion = ConfusionMatrix.of(truth, predicted);
        PrintWriter out = spec.commandLine().getOut();
        out.println("accuracy " + Decimals.fixed(confusion.accuracy(), digits)
                + " (" + confusion.correct() + "/" + confusion.total() + " correct)");
        out.println();
        out.print(ClassificationReport.of(confusion).format(digits));
        out.println();
        out.print(confusion.format());
        out.flush();
        return ExitCodes.OK;
    }
}
