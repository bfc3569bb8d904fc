package digits.cli;

import digits.io.AtomicFiles;
import digits.data.CsvScan;
import digits.data.DataSources;
import digits.data.DataSummary;
import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.report.DigitGrid;
import digits.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code digits data}: what is in a dataset, and what is wrong with a CSV file. */
@Command(name = "data", aliases = "inspect", mixinStandardHelpOptions = true,
        description = {
                "Summarise a dataset: images per label, pixel statistics.",
                "With --plots, also draw them.",
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

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Also write pictures to DIR: label-distribution-bar.png, label-distribution-pie.png (labelled data) "
                    + "and samples.png (the first images of each digit).")
    Path plots;

    @Override
    public Integer call() {
        if (maxProblems < 0) throw new IllegalArgumentException("--problems must be 0 or more, got " + maxProblems);
        if (plots != null) AtomicFiles.checkDirectory(plots);
        DataSources.Inspected inspected = DataSources.inspect(input, maxProblems);
        CsvScan scan = inspected.csvScan();
        if (scan == null) {
            Dataset data = inspected.data();
            print(DataSummary.of(data));
            plot(data);
            return ExitCodes.OK;
        }
        print(DataSummary.of(scan));
        if (scan.valid().size() > 0) plot(scan.valid()); // the rows training would accept, even when others are broken
        if (!scan.clean()) {
            throw new InvalidInputException(input + ": " + scan.totalProblems()
                    + (scan.totalProblems() == 1 ? " problem" : " problems") + " in " + scan.badRows() + " of "
                    + scan.dataRows() + " rows; training would refuse this file"
                    + (scan.firstProblems().isEmpty() ? "" : " (first: " + scan.firstProblems().get(0) + ")"));
        }
        return ExitCodes.OK;
    }

    private void plot(Dataset data) {
        if (plots == null) return;
        HtmlReport.Builder pictures = HtmlReport.builder(data.name()).samples(data, DigitGrid.sampleIndices(data, 4));
        if (data.hasLabels()) pictures.labelDistribution(data.name(), data.labelCounts());
        List<Path> files = pictures.build().savePictures(plots);
        var out = spec.commandLine().getOut();
        for (Path f : files) out.println("wrote " + f);
        out.flush();
    }

    private void print(DataSummary summary) {
        spec.commandLine().getOut().print(summary.format());
        spec.commandLine().getOut().flush();
    }
}
