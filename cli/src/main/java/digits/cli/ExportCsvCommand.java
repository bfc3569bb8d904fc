package digits.cli;

import digits.io.AtomicFiles;
import digits.data.Dataset;
import digits.data.StratifiedSplit;
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
                        + "test_labels.csv (ImageId,Label, the submission layout) to score a submission against.",
                "With --kaggle-split SEED: the competition's sizes instead, 42,000 training and 28,000 test rows "
                        + "drawn from all 70,000 MNIST digits in an order fixed by SEED."})
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

    @Option(names = "--kaggle-split", paramLabel = "SEED",
            description = "Cut all 70,000 digits into 42,000 training and 28,000 test rows, as the Kaggle competition's "
                    + "files are, shuffled with this seed.")
    Long kaggleSplit;

    /** The size of the Kaggle "Digit Recognizer" train.csv; test.csv has the other 28,000 of MNIST's 70,000. */
    static final int KAGGLE_TRAIN_ROWS = 42_000;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
        }
        AtomicFiles.checkDirectory(outputDir);
        Dataset train = MnistFiles.train();
        Dataset test = MnistFiles.test();
        if (kaggleSplit != null) {
            Dataset all = Dataset.concat("mnist-all", train, test);
            StratifiedSplit split = StratifiedSplit.split(all, 1 - (double) KAGGLE_TRAIN_ROWS / all.size(), kaggleSplit);
            train = split.train().shuffled(kaggleSplit, "kaggle-train");
            test = split.validation().shuffled(kaggleSplit + 1, "kaggle-test");
        }
        train = limited(train);
        test = limited(test);
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
