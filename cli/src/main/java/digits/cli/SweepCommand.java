package digits.cli;

import digits.io.AtomicFiles;
import digits.data.Dataset;
import digits.model.Architectures;
import digits.report.SweepReport;
import digits.report.SweepTable;
import digits.train.Sweep;
import digits.train.TrainingData;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import digits.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code digits sweep}: train a list of configurations with the same options and compare them in one table. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainingOptions.Transformer.class,
        description = {"Train several configurations and compare them in a table.",
                "Trains them one after another with the same data, split, seed and options, and prints parameters, "
                        + "train / validation / test accuracy and training seconds per configuration.",
                "Also writes sweep.csv, sweep.html and two charts (sweep-accuracy.png, sweep-time.png) to --output.",
                "Every training option of `digits train` applies to each configuration; where the sweep's defaults "
                        + "differ from train's (a scikit-learn-like loop), the option list below shows the sweep's.",
                "Examples:",
                "  digits sweep --model mlp --hidden \"10,10;10,20,10;10,80,240,80,10\"",
                "  digits sweep --models \"logistic;kaggle-cnn;32C3-P-128-10\" --epochs 2"})
public final class SweepCommand implements Callable<Integer>, TrainingOptions.Command {
    @Spec
    CommandSpec spec;

    /** Every setting but hidden, which the sweep takes as a list of configurations. */
    final TrainingOptions training = new TrainingOptions(Sweep.DEFAULTS, TrainingSettings.ALL.stream()
            .filter(s -> s != TrainingSettings.HIDDEN).toList());

    @Option(names = "--models", paramLabel = "LIST",
            description = "Architectures separated by ';' (each as for --model), instead of --model.")
    String models;

    @Option(names = "--hidden", paramLabel = "LIST",
            description = "Hidden layer sizes of mlp, one configuration per ';'-separated entry, e.g. \"10,10;10,20,10\" "
                    + "(default: " + Architectures.DEFAULT_MLP_HIDDEN + ").")
    String hidden;

    @Option(names = {"-o", "--output"}, defaultValue = "runs/sweep", paramLabel = "DIR",
            description = "Directory for sweep.csv, sweep.html and the charts (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    ThreadsOption threads;

    @Option(names = {"-v", "--verbose"}, description = "Print every epoch of every configuration.")
    boolean verbose;

    @Override
    public TrainingOptions training() {
        return training;
    }

    @Override
    public Integer call() {
        TrainingRequest base = training.request();
        AtomicFiles.checkDirectory(output);
        List<Sweep.Candidate> candidates = candidates(base);
        int threadCount = threads.apply();

        TrainingData data = TrainingData.load(base);
        Dataset testData = data.test();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Sweep: %d configuration%s, %d epoch%s each, %s lr %s; %s: %,d training and %,d validation images%s; "
                        + "%d threads%n", candidates.size(), candidates.size() == 1 ? "" : "s", base.epochs(),
                base.epochs() == 1 ? "" : "s", base.optimizer(), base.learningRate(), data.all().name(), data.train().size(),
                data.validationSize(), testData == null ? "" : String.format(Locale.ROOT, ", %,d test images", testData.size()),
                threadCount);
        SweepTable table = new SweepTable(candidates.stream().map(Sweep.Candidate::name).toList());
        if (!verbose) out.println(table.header()); // rows follow as each configuration finishes
        out.flush();

        long start = System.nanoTime();
        TrainingListener progress = verbose ? new ConsoleProgress(out, false) : TrainingListener.SILENT;
        List<Sweep.Row> rows = Sweep.run(candidates, data, progress, new Sweep.Listener() {
            @Override
            public void onStart(int index, int total, Sweep.Candidate candidate) {
                if (verbose) {
                    out.printf(Locale.ROOT, "[%d/%d] %s: %s%n", index, total, candidate.name(), candidate.request().modelSpec());
                }
            }

            @Override
            public void onRow(int index, int total, Sweep.Row row) {
                if (!verbose) out.println(table.row(row));
                out.flush();
            }
        });
        if (verbose) {
            out.println();
            out.print(SweepTable.format(rows));
        }

        Map<String, Object> options = new LinkedHashMap<>();
        options.put("configurations", candidates.stream().map(Sweep.Candidate::name).collect(Collectors.joining("; ")));
        options.putAll(base.describe());
        options.put("training data", String.format(Locale.ROOT, "%s: %,d training, %,d validation images", data.all().name(),
                data.train().size(), data.validationSize()));
        options.put("test data", testData == null ? "none" : String.format(Locale.ROOT, "%s: %,d images", testData.name(), testData.size()));
        options.put("threads", threadCount);
        List<Path> files = SweepReport.write(output, "digits sweep", options, rows);
        out.printf(Locale.ROOT, "Swept %d configurations in %.1fs; wrote %s%n", rows.size(), (System.nanoTime() - start) / 1e9,
                files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        out.flush();
        return ExitCodes.OK;
    }

    /** Every configuration: each of --models (or --model), with mlp expanded into one per --hidden entry. */
    List<Sweep.Candidate> candidates(TrainingRequest base) {
        List<String> names = models != null ? split(models, "--models") : List.of(base.get(TrainingSettings.MODEL));
        List<String> hiddenLists = hidden == null ? List.of(TrainingSettings.HIDDEN.defaultValue()) : split(hidden, "--hidden");
        boolean anyMlp = names.stream().anyMatch(n -> n.equalsIgnoreCase("mlp"));
        if (hidden != null && !anyMlp) throw new IllegalArgumentException("--hidden applies to mlp, which is not among the models swept");
        List<Sweep.Candidate> candidates = new ArrayList<>();
        for (String name : names) {
            if (name.equalsIgnoreCase("mlp")) {
                for (String h : hiddenLists) {
                    TrainingRequest request = configuration(base, name, h, "--hidden");
                    int[] sizes = Architectures.parseHidden(h);
                    String label = "mlp " + Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
                    candidates.add(new Sweep.Candidate(label, request));
                }
            } else {
                TrainingRequest request = configuration(base, name, base.get(TrainingSettings.HIDDEN), models != null ? "--models" : "--model");
                String label = name.matches("[A-Za-z-]+") ? name.toLowerCase(Locale.ROOT) : request.modelSpec().toString();
                candidates.add(new Sweep.Candidate(label, request));
            }
        }
        return candidates;
    }

    /** The base request with one configuration's architecture; a bad entry is named by the option it came from. */
    private static TrainingRequest configuration(TrainingRequest base, String model, String hidden, String option) {
        try {
            return base.toBuilder().parse(TrainingSettings.MODEL.key(), model).parse(TrainingSettings.HIDDEN.key(), hidden).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + (option.equals("--hidden") ? hidden : model) + "': "
                    + e.getMessage(), e);
        }
    }

    private static List<String> split(String list, String option) {
        List<String> parts = Arrays.stream(list.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (parts.isEmpty()) throw new IllegalArgumentException(option + " '" + list + "': no configurations");
        return parts;
    }
}
