package digits.cli;

import digits.io.AtomicFiles;
import digits.data.Dataset;
import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import digits.eval.SubmissionWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code digits export-csv}: the embedded MNIST as Kaggle "Digit Recognizer" CSV files. */
@Command(name = "export-csv", mixinStandardHelpOptions = true,
        description = {
                "Write MNIST as CSV files in Kaggle's layout.",
                "Writes train.csv (label,pixel0..pixel783) from the 60,000 training "
                        + "digits, test.csv (pixel0..pixel783, no labels) from the 10,000 test digits, and "
                        + "test_labels.csv (ImageId,Label, the submission layout) to score a submission against."})
public final class ExportCsvCommand implements Callable<Integer> {
    public static final String TRAIN_CSV = "train.csv";
    public static final String TEST_CSV = "test.csv";
    public static final String TEST_LABELS_CSV = "test_labels.csv";

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output-dir"}, required = true, paramLabel = "DIR", description = "Directory to write to (created if missing).")
    Path outputDir;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N images of each set.")
    Integer limit;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        AtomicFiles.checkDirectory(outputDir);
        Dataset train = limited(MnistFiles.train());
        Dataset test = limited(MnistFiles.test());
        PrintWriter out = spec.commandLine().getOut();

        Path trainCsv = outputDir.resolve(TRAIN_CSV);
        KaggleCsvWriter.writeTrain(trainCsv, train);
        out.printf("wrote %s (%,d rows: label + 784 pixels)%n", trainCsv, train.size());

        Path testCsv = outputDir.resolve(TEST_CSV);
        KaggleCsvWriter.writeTest(testCsv, test);
        out.printf("wrote %s (%,d rows: 784 pixels, no labels)%n", testCsv, test.size());

        Path labelsCsv = outputDir.resolve(TEST_LABELS_CSV);
        SubmissionWriter.writeSubmission(labelsCsv, test.labels());
        out.printf("wrote %s (%,d rows: ImageId,Label, the true labels of test.csv)%n", labelsCsv, test.size());
        out.flush();
        return ExitCodes.OK;
    }

    private Dataset limited(Dataset data) {
        return limit == null ? data : data.head(limit);
    }
}
