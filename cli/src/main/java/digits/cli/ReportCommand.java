package digits.cli;

import digits.io.AtomicFiles;
import digits.data.DataSources;
import digits.data.Dataset;
import digits.model.EngineSetup;
import digits.model.ModelStore;
import digits.report.HtmlReport;
import digits.report.ModelReport;
import digits.api.DigitRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code digits report}: one self-contained HTML page about a saved model, optionally its pictures as PNG files. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write an HTML report of a saved model.",
                "One page, pictures embedded, opens offline: model summary, training options, history curves, test "
                        + "metrics, confusion heatmap, per-class scores and the most confident mistakes.",
                "With --pictures, also save each picture as a PNG file."})
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR", description = "Model directory written by `digits train`.")
    Path modelDir;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "HTML file to write (default: " + ModelReport.FILE + " in the model directory).")
    Path output;

    @Option(names = {"-i", "--input"}, defaultValue = DataSources.MNIST_TEST, paramLabel = "DATA",
            description = "Labelled data to evaluate on: " + DataSources.INPUT_HELP + " (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--pictures", paramLabel = "DIR",
            description = "Also write the pictures as PNG files in DIR: label-distribution-bar, label-distribution-pie, samples, "
                    + "curves-loss, curves-accuracy, learning-rate, confusion, per-class, errors, errors-explained, probabilities.")
    Path pictures;

    @Option(names = "--image", paramLabel = "N",
            description = "Show the probabilities of image N of --input (counting from 0) instead of the most confident mistake.")
    Integer image;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        AtomicFiles.checkWritable(output != null ? output : modelDir.resolve(ModelReport.FILE));
        threads.apply();
        ModelStore.readDescriptor(modelDir); // a wrong directory fails before the data is read
        Dataset data = DataSources.load(input);
        if (!data.hasLabels()) {
            throw new IllegalArgumentException(input + " has no labels: a report needs labelled data (e.g. mnist-test or a train.csv)");
        }
        if (image != null && (image < 0 || image >= data.size())) {
            throw new IllegalArgumentException("--image " + image + ": " + data.name() + " has images 0 to " + (data.size() - 1));
        }
        float[] probabilities;
        try (ModelStore.Loaded loaded = ModelStore.load(modelDir)) {
            probabilities = loaded.model().probabilities(data);
        }
        HtmlReport report;
        try (DigitRecognizer explainer = DigitRecognizer.load(modelDir)) {
            report = ModelReport.build(modelDir, data, probabilities, image == null ? -1 : image, explainer);
        }
        Path file = output != null ? output : modelDir.resolve(ModelReport.FILE);
        report.write(file);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Report: " + file);
        if (pictures != null) {
            List<Path> files = report.savePictures(pictures);
            out.println("Pictures (" + files.size() + "): " + pictures);
            for (Path f : files) out.println("  " + f.getFileName());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
