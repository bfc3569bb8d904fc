package digits.cli;

import digits.data.CsvScan;
import digits.data.DataSources;
import digits.data.DataSummary;
import digits.data.InvalidInputException;
import digits.data.KaggleCsvReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code digits data}: what is in a dataset, and what is wrong with a CSV file. */
@Command(name = "data", aliases = "inspect", mixinStandardHelpOptions = true,
        description = {
                "Summarise a dataset: images per label, pixel statistics.",
                "A CSV file is scanned leniently first: every missing or invalid cell is counted and the first "
                        + "problems are listed with line and column (exit code 2 when there are any)."})
public final class DataCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--input"}, defaultValue = DataSources.MNIST_TRAIN, paramLabel = "INPUT",
            description = "What to inspect: " + DataSources.INPUT_HELP + ". Default: ${DEFAULT-VALUE}.")
    String input;

    @Option(names = "--problems", defaultValue = "10", paramLabel = "N",
            description = "How many CSV problems to list (default ${DEFAULT-VALUE}).")
    int maxProblems;

    @Override
    public Integer call() {
        if (maxProblems < 0) throw new IllegalArgumentException("--problems must be 0 or more, got " + maxProblems);
        if (!DataSources.isCsv(input)) {
            print(DataSummary.of(DataSources.load(input)));
            return ExitCodes.OK;
        }
        CsvScan scan = KaggleCsvReader.scan(DataSources.existingFile(input), maxProblems);
        print(DataSummary.of(scan));
        if (!scan.clean()) {
            throw new InvalidInputException(input + ": " + scan.totalProblems()
                    + (scan.totalProblems() == 1 ? " problem" : " problems") + " in " + scan.badRows() + " of "
                    + scan.dataRows() + " rows; training would refuse this file"
                    + (scan.firstProblems().isEmpty() ? "" : " (first: " + scan.firstProblems().get(0) + ")"));
        }
        return ExitCodes.OK;
    }

    private void print(DataSummary summary) {
        spec.commandLine().getOut().print(summary.format());
        spec.commandLine().getOut().flush();
    }
}
