package digits.cli;

import digits.data.DataSources;
import digits.data.Dataset;
import digits.data.StratifiedSplit;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.EngineSetup;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.data.InvalidInputException;
import digits.train.Checkpoint;
import digits.train.HistoryFiles;
import digits.train.TrainingConfig;
import digits.train.TrainingLoop;
import digits.train.optim.OptimizerFactory;
import digits.train.schedule.LearningRateSchedules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code digits train}: train a model, report each epoch, evaluate on the test set, save the model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model (default: the fast CNN on the embedded MNIST), evaluate it on the test set and save it.",
                "Every option has a default; `digits train` alone runs the whole job."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model;

    @Option(names = {"-i", "--input"}, defaultValue = DataSources.MNIST_TRAIN,
            description = "Training data: " + DataSources.INPUT_HELP + " (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--test", defaultValue = "auto",
            description = "Test data evaluated after training: auto (mnist-test when training on MNIST, none for a CSV), "
                    + "none, or an input like --input (default: ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--limit", description = "Use only the first N training images (quick experiments).")
    Integer limit;

    @Option(names = {"-o", "--output"}, description = "Model directory to write (default: runs/<model>).")
    Path output;

    @Option(names = {"-e", "--epochs"}, defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "adam, adamw, sgd or rmsprop (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.005",
            description = "Learning rate; the peak rate for onecycle (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum for sgd and rmsprop (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum (sgd with --momentum > 0).")
    boolean nesterov;

    @Option(names = "--rho", defaultValue = "0.9", description = "RMSprop decay rate (default: ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--beta1", defaultValue = "0.9", description = "Adam beta_1 (default: ${DEFAULT-VALUE}).")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.999", description = "Adam beta_2 (default: ${DEFAULT-VALUE}).")
    double beta2;

    @Option(names = "--eps", defaultValue = "1e-8", description = "Adam/RMSprop epsilon (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-gradient", defaultValue = "0", description = "Clip gradients to [-c, c]; 0 = off (default: ${DEFAULT-VALUE}).")
    double clipGradient;

    @Option(names = "--lr-schedule", defaultValue = "onecycle",
            description = "constant, step:EVERY:GAMMA, exp:GAMMA, cosine, onecycle, plateau:factor=0.5:patience=2 "
                    + "(see `digits train --help-schedules`; default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--help-schedules", description = "Describe the learning-rate schedules and exit.")
    boolean helpSchedules;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--augment", defaultValue = "none", paramLabel = "SPEC",
            description = "Random rotation/zoom/shift of training images, never flips: none, default (rotation=10,zoom=0.1,"
                    + "shift=0.1) or KEY=VALUE items (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--val-split", defaultValue = "0.1",
            description = "Fraction of the training data held out for validation, stratified (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: split, shuffling, initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--early-stopping", description = "Stop when --monitor stops improving for --patience epochs.")
    boolean earlyStopping;

    @Option(names = "--monitor", defaultValue = "val_loss",
            description = "Early-stopping metric: val_loss, val_accuracy, loss, accuracy (default: ${DEFAULT-VALUE}).")
    String monitor;

    @Option(names = "--patience", defaultValue = "3", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--min-delta", defaultValue = "0", description = "Smallest change that counts as improvement (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--restore-best", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With early stopping, keep the best epoch's weights (default: ${DEFAULT-VALUE}).")
    boolean restoreBest;

    @Option(names = "--threads", description = "CPU threads for the engine (default: all cores).")
    Integer threads;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal only).")
    Boolean progress;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue an interrupted run from DIR/checkpoint with its original options (--threads may change).")
    Path resume;

    /** The checkpoint this run continues from (set when re-running the original command line of --resume). */
    private Checkpoint.State resumeState;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (helpSchedules) {
            out.println(LearningRateSchedules.HELP);
            out.flush();
            return ExitCodes.OK;
        }
        if (resume != null) return resume(out);
        TrainingConfig config = config();
        LearningRateSchedules.parse(config.schedule(), config.learningRate(), config.epochs()); // fail before loading data
        if (!OptimizerFactory.NAMES.contains(optimizer)) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "': use one of " + String.join(", ", OptimizerFactory.NAMES));
        }
        ModelSpec modelSpec = model.spec();
        ModelSummary summary = ModelSummary.of(modelSpec);
        EngineSetup.threads(threads == null ? EngineSetup.defaultThreads() : threads);
        Path dir = output != null ? output : Path.of("runs", model.name());

        Dataset data = DataSources.load(input);
        if (limit != null) data = data.head(limit);
        StratifiedSplit split = StratifiedSplit.split(data, valSplit, seed);
        Dataset testData = testData();
        out.printf(Locale.ROOT, "Model %s: %s, %,d parameters%n", model.name(), modelSpec, summary.totalParams());
        out.printf(Locale.ROOT, "Data: %s, %,d training and %,d validation images%s; %d threads%n", data.name(),
                split.train().size(), split.validation() == null ? 0 : split.validation().size(),
                testData == null ? "" : String.format(Locale.ROOT, ", %,d test images", testData.size()),
                threads == null ? EngineSetup.defaultThreads() : threads);
        out.flush();

        long start = System.nanoTime();
        try (DigitModel net = DigitModel.create(modelSpec)) {
            boolean bar = progress != null ? progress : ConsoleProgress.interactive();
            TrainingLoop loop = new TrainingLoop(net, config, new ConsoleProgress(out, bar));
            Path checkpoints = Checkpoint.directory(dir);
            if (resumeState != null) loop.resumeFrom(resumeState, checkpoints);
            else loop.checkpointTo(checkpoints, Map.of("args", originalArgs()));
            TrainingLoop.Result result = Interrupts.run(loop, () -> loop.fit(split.train(), split.validation()));
            if (result.interrupted()) {
                out.println("Stopped. Continue with: digits train --resume " + dir);
                out.flush();
                return ExitCodes.INTERRUPTED;
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;

            Map<String, Double> metrics = new LinkedHashMap<>();
            var last = result.history().get(result.bestEpoch() > 0 ? result.bestEpoch() - 1 : result.history().size() - 1);
            metrics.put("train_loss", last.loss());
            metrics.put("train_accuracy", last.accuracy());
            if (!Double.isNaN(last.valLoss())) {
                metrics.put("val_loss", last.valLoss());
                metrics.put("val_accuracy", last.valAccuracy());
            }
            metrics.put("train_seconds", Math.round(trainSeconds * 10) / 10.0);
            if (testData != null) {
                Evaluation evaluation = Evaluation.of(testData.labels(), net.probabilities(testData));
                metrics.put("test_loss", evaluation.loss());
                metrics.put("test_accuracy", evaluation.accuracy());
                out.println();
                out.println("Test (" + testData.name() + ", " + testData.size() + " images): " + evaluation.format());
            }
            ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.FORMAT, ModelDescriptor.FORMAT_VERSION, model.name(),
                    modelSpec.toString(), summary.totalParams(), ModelDescriptor.Input.mnist(), config.describe(),
                    new ModelDescriptor.DataInfo(data.name(), null, split.train().size(),
                            split.validation() == null ? 0 : split.validation().size()),
                    metrics, VersionProvider.versions(), Instant.now().toString(), null, null);
            ModelStore.save(net, descriptor, dir);
            HistoryFiles.write(dir, result.history());
            Checkpoint.delete(dir); // the finished model replaces it
            out.printf(Locale.ROOT, "Trained in %.1fs; saved %s%s%n", trainSeconds, dir,
                    testData == null ? "" : String.format(Locale.ROOT, " (test accuracy %.4f)", metrics.get("test_accuracy")));
            out.flush();
        }
        return ExitCodes.OK;
    }

    private List<String> originalArgs() {
        // The parse result holds the whole command line ("train" included); keep what follows the subcommand.
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return List.copyOf(all.subList(at + 1, all.size()));
    }

    /** Re-runs the interrupted command line with the checkpoint attached. */
    private int resume(PrintWriter out) {
        Checkpoint.State state = Checkpoint.read(resume);
        Object args = state.run().get("args");
        if (!(args instanceof List<?> list)) {
            throw new InvalidInputException(Checkpoint.directory(resume).resolve(Checkpoint.FILE) + ": no command line recorded");
        }
        List<String> original = new ArrayList<>();
        List<String> recorded = list.stream().map(String::valueOf).toList();
        for (int i = 0; i < recorded.size(); i++) {
            String arg = recorded.get(i);
            boolean replaced = threads != null && (arg.equals("--threads") || arg.startsWith("--threads="))
                    || progress != null && (arg.equals("--progress") || arg.equals("--no-progress"));
            if (!replaced) original.add(arg);
            else if (arg.equals("--threads")) i++; // and its value
        }
        if (threads != null) {
            original.add("--threads");
            original.add(threads.toString());
        }
        if (progress != null) original.add(progress ? "--progress" : "--no-progress");
        TrainCommand again = new TrainCommand();
        CommandLine cli = new CommandLine(again);
        cli.setOut(spec.commandLine().getOut());
        cli.setErr(spec.commandLine().getErr());
        cli.parseArgs(original.toArray(String[]::new));
        if (again.output == null) again.output = resume;
        if (!again.output.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
            again.output = resume; // the checkpoint's directory is the run's directory, wherever it was moved
        }
        again.resumeState = state;
        out.println("Resuming " + resume + ": digits train " + String.join(" ", list.stream().map(String::valueOf).toList()));
        out.flush();
        return again.call();
    }

    private Dataset testData() {
        String t = test.trim();
        if (t.equalsIgnoreCase("none")) return null;
        if (t.equalsIgnoreCase("auto")) {
            return DataSources.isCsv(input) ? null : DataSources.load(DataSources.MNIST_TEST);
        }
        Dataset d = DataSources.load(t);
        if (!d.hasLabels()) throw new IllegalArgumentException("--test " + t + ": test data needs labels");
        return d;
    }

    private TrainingConfig config() {
        if (valSplit < 0 || valSplit >= 1) throw new IllegalArgumentException("--val-split must be in [0,1), got " + valSplit);
        return new TrainingConfig(epochs, batchSize, seed, optimizer.toLowerCase(Locale.ROOT), learningRate, momentum, nesterov,
                rho, beta1, beta2, epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitor,
                earlyStopping ? patience : -1, minDelta, restoreBest, augment);
    }
}
