package digits.cli;

import digits.data.DataSources;
import digits.data.Dataset;
import digits.data.StratifiedSplit;
import digits.model.Architectures;
import digits.model.EngineSetup;
import digits.model.ModelSpec;
import digits.report.SweepReport;
import digits.report.SweepTable;
import digits.train.Sweep;
import digits.train.TrainingConfig;
import digits.train.TrainingListener;
import digits.train.optim.OptimizerFactory;
import picocli.CommandLine.Command;
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
        description = {"Train several configurations one after another with the same data, split, seed and options, "
                + "and print a table: parameters, train / validation / test accuracy and training seconds per configuration.",
                "Also writes sweep.csv, sweep.html and two charts (sweep-accuracy.png, sweep-time.png) to --output.",
                "Examples:",
                "  digits sweep --model mlp --hidden \"10,10;10,20,10;10,80,240,80,10\"",
                "  digits sweep --models \"logistic;kaggle-cnn;32C3-P-128-10\" --epochs 2"})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, defaultValue = "mlp",
            description = "The architecture to sweep when --models is not given (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--models", paramLabel = "LIST",
            description = "Architectures separated by ';': presets (logistic, mlp, kaggle-cnn, deep-cnn, bn-cnn, fast-cnn, mid-cnn, quick-cnn) "
                    + "or layer specs such as 32C3-P-128-10.")
    String models;

    @Option(names = "--hidden", paramLabel = "LIST",
            description = "Hidden layer sizes of mlp, one configuration per ';'-separated entry, e.g. \"10,10;10,20,10\" "
                    + "(default: " + Architectures.DEFAULT_MLP_HIDDEN + ").")
    String hidden;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout after each hidden layer of mlp (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = {"-i", "--input"}, defaultValue = DataSources.MNIST_TRAIN,
            description = "Training data: " + DataSources.INPUT_HELP + " (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--test", defaultValue = DataSources.MNIST_TEST,
            description = "Labelled test data, or none (default: ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--limit", description = "Use only the first N training images.")
    Integer limit;

    @Option(names = {"-e", "--epochs"}, defaultValue = "5", description = "Epochs per configuration (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, adamw, sgd or rmsprop (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-schedule", defaultValue = "constant",
            description = "Learning-rate schedule, as for train (default: ${DEFAULT-VALUE}, as scikit-learn's MLP loops).")
    String schedule;

    @Option(names = "--val-split", defaultValue = "0.1",
            description = "Fraction of the training data held out for validation, stratified (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed, the same for every configuration (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, defaultValue = "runs/sweep", paramLabel = "DIR",
            description = "Directory for sweep.csv, sweep.html and the charts (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--threads", description = "CPU threads for the engine (default: all cores).")
    Integer threads;

    @Option(names = {"-v", "--verbose"}, description = "Print every epoch of every configuration.")
    boolean verbose;

    @Override
    public Integer call() {
        List<Sweep.Candidate> candidates = candidates();
        String opt = optimizer.toLowerCase(Locale.ROOT);
        if (!OptimizerFactory.NAMES.contains(opt)) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "': use one of " + String.join(", ", OptimizerFactory.NAMES));
        }
        if (valSplit < 0 || valSplit >= 1) throw new IllegalArgumentException("--val-split must be in [0,1), got " + valSplit);
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        TrainingConfig d = TrainingConfig.defaults();
        TrainingConfig config = new TrainingConfig(epochs, batchSize, seed, opt, learningRate, d.momentum(), d.nesterov(), d.rho(),
                d.beta1(), d.beta2(), d.epsilon(), d.weightDecay(), d.clipGradient(), schedule, d.labelSmoothing(),
                d.monitor(), d.patience(), d.minDelta(), d.restoreBest(), d.augment());
        int threadCount = threads == null ? EngineSetup.defaultThreads() : threads;
        EngineSetup.threads(threadCount);

        Dataset data = DataSources.load(input);
        if (limit != null) data = data.head(limit);
        StratifiedSplit split = StratifiedSplit.split(data, valSplit, seed);
        Dataset testData = testData();
        int validationImages = split.validation() == null ? 0 : split.validation().size();

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Sweep: %d configuration%s, %d epoch%s each, %s lr %s; %s: %,d training and %,d validation images%s; "
                        + "%d threads%n", candidates.size(), candidates.size() == 1 ? "" : "s", epochs, epochs == 1 ? "" : "s",
                opt, learningRate, data.name(), split.train().size(),
                validationImages, testData == null ? "" : String.format(Locale.ROOT, ", %,d test images", testData.size()), threadCount);
        SweepTable table = new SweepTable(candidates.stream().map(Sweep.Candidate::name).toList());
        if (!verbose) out.println(table.header()); // rows follow as each configuration finishes
        out.flush();

        long start = System.nanoTime();
        TrainingListener training = verbose ? new ConsoleProgress(out, false) : TrainingListener.SILENT;
        List<Sweep.Row> rows = Sweep.run(candidates, config, split.train(), split.validation(), testData, training, new Sweep.Listener() {
            @Override
            public void onStart(int index, int total, Sweep.Candidate candidate) {
                if (verbose) out.printf(Locale.ROOT, "[%d/%d] %s: %s%n", index, total, candidate.name(), candidate.spec());
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
        options.putAll(config.describe());
        options.put("training data", String.format(Locale.ROOT, "%s: %,d training, %,d validation images", data.name(),
                split.train().size(), validationImages));
        options.put("test data", testData == null ? "none" : String.format(Locale.ROOT, "%s: %,d images", testData.name(), testData.size()));
        options.put("threads", threadCount);
        List<Path> files = SweepReport.write(output, "digits sweep", options, rows);
        out.printf(Locale.ROOT, "Swept %d configurations in %.1fs; wrote %s%n", rows.size(), (System.nanoTime() - start) / 1e9,
                files.stream().map(Path::toString).collect(Collectors.joining(", ")));
        out.flush();
        return ExitCodes.OK;
    }

    /** Every configuration: each of --models (or --model), with mlp expanded into one per --hidden entry. */
    List<Sweep.Candidate> candidates() {
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("--dropout must be in [0,1), got " + dropout);
        List<String> names = split(models != null ? models : model, models != null ? "--models" : "--model");
        List<String> hiddenLists = hidden == null ? List.of(Architectures.DEFAULT_MLP_HIDDEN) : split(hidden, "--hidden");
        boolean anyMlp = names.stream().anyMatch(n -> n.equalsIgnoreCase("mlp"));
        if (hidden != null && !anyMlp) throw new IllegalArgumentException("--hidden applies to mlp, which is not among the models swept");
        List<Sweep.Candidate> candidates = new ArrayList<>();
        for (String name : names) {
            if (name.equalsIgnoreCase("mlp")) {
                for (String h : hiddenLists) {
                    int[] sizes = Architectures.parseHidden(h);
                    String label = "mlp " + Arrays.stream(sizes).mapToObj(Integer::toString).collect(Collectors.joining(","));
                    candidates.add(new Sweep.Candidate(label, ModelSpec.mlp(sizes, dropout)));
                }
            } else {
                ModelSpec s = Architectures.resolve(name, null, dropout);
                candidates.add(new Sweep.Candidate(name.matches("[A-Za-z-]+") ? name.toLowerCase(Locale.ROOT) : s.toString(), s));
            }
        }
        return candidates;
    }

    private static List<String> split(String list, String option) {
        List<String> parts = Arrays.stream(list.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (parts.isEmpty()) throw new IllegalArgumentException(option + " '" + list + "': no configurations");
        return parts;
    }

    private Dataset testData() {
        if (test.trim().equalsIgnoreCase("none")) return null;
        Dataset t = DataSources.load(test.trim());
        if (!t.hasLabels()) throw new IllegalArgumentException("--test " + test + ": test data needs labels");
        return t;
    }
}
