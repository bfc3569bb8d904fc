package digits.cli;

import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.io.Printable;
import digits.model.EngineSetup;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.report.ModelReport;
import digits.train.Checkpoint;
import digits.train.TrainingData;
import digits.train.TrainingJob;
import digits.train.TrainingRequest;
import digits.train.schedule.LearningRateSchedules;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code digits train}: train a model, report each epoch, evaluate on the test set, save the model directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = TrainingOptions.Transformer.class,
        description = {"Train a model on MNIST or a CSV, evaluate it and save it.",
                "Trains on the embedded MNIST by default, evaluates the model on the test set and saves its directory "
                        + "(parameters, model.json, history, report.html).",
                "Every option has a default; `digits train` alone runs the whole job."})
public final class TrainCommand implements Callable<Integer>, TrainingOptions.Command {
    @Spec
    CommandSpec spec;

    final TrainingOptions training = new TrainingOptions();

    @Option(names = {"-o", "--output"}, description = "Model directory to write (default: runs/<model>).")
    Path output;

    @Option(names = "--help-schedules", description = "Describe the learning-rate schedules and exit.")
    boolean helpSchedules;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal only).")
    Boolean progress;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue an interrupted run from DIR/checkpoint with its original options (--threads may change).")
    Path resume;

    /** The checkpoint this run continues from (set when re-running the original command line of --resume). */
    private Checkpoint.State resumeState;

    @Override
    public TrainingOptions training() {
        return training;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (helpSchedules) {
            out.println(LearningRateSchedules.HELP);
            out.flush();
            return ExitCodes.OK;
        }
        if (resume != null) return resume(out);
        TrainingRequest request = training.request(); // fails before any data is loaded
        ModelSpec modelSpec = request.modelSpec();
        ModelSummary summary = ModelSummary.of(modelSpec);
        int threadCount = threads.apply();
        EngineSetup.startLoading();
        Path dir = output != null ? output : Path.of("runs", request.modelName());
        ModelStore.checkCanSaveInto(dir); // before any data is read or training starts

        TrainingData data = TrainingData.load(request);
        Dataset testData = data.test();
        out.printf(Locale.ROOT, "Model %s: %s, %,d parameters%n", request.modelName(), modelSpec, summary.totalParams());
        out.printf(Locale.ROOT, "Data: %s, %,d training and %,d validation images%s; %d threads%n", data.all().name(),
                data.train().size(), data.validationSize(),
                testData == null ? "" : String.format(Locale.ROOT, ", %,d test images", testData.size()), threadCount);
        out.flush();

        boolean bar = progress != null ? progress : ConsoleProgress.interactive();
        TrainingJob job = new TrainingJob(request, data).listener(new ConsoleProgress(out, bar)).saveTo(dir);
        if (resumeState != null) job.resumeFrom(resumeState);
        else job.checkpointEveryEpoch(Map.of("args", originalArgs()));
        TrainingJob.Outcome outcome = Interrupts.run(job);
        if (outcome.interrupted()) {
            out.println("Stopped. Continue with: digits train --resume " + dir);
            out.flush();
            return ExitCodes.INTERRUPTED;
        }
        if (outcome.testEvaluation() != null) {
            out.println();
            out.println("Test (" + testData.name() + ", " + testData.size() + " images): " + outcome.testEvaluation().format());
        }
        out.printf(Locale.ROOT, "Trained in %.1fs; saved %s%s%n", outcome.trainSeconds(), dir,
                outcome.testEvaluation() == null ? ""
                        : String.format(Locale.ROOT, " (test accuracy %.4f)", outcome.testEvaluation().accuracy()));
        if (testData != null) {
            out.println("Report: " + ModelReport.write(dir, testData, outcome.testProbabilities()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private List<String> originalArgs() {
        // The parse result holds the whole command line ("train" included); keep what follows the subcommand.
        List<String> all = spec.commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return List.copyOf(all.subList(at + 1, all.size()));
    }

    /** Options a training run never records: they would not train, or would resume again. */
    private static final List<String> NOT_RECORDED = List.of("--resume", "--help", "-h", "--version", "-V", "--help-schedules");

    /** Re-runs the interrupted command line with the checkpoint attached. */
    private int resume(PrintWriter out) {
        Checkpoint.State state = Checkpoint.read(resume);
        Path file = Checkpoint.directory(resume).resolve(Checkpoint.FILE);
        Object args = state.run().get("args");
        if (!(args instanceof List<?> list) || !list.stream().allMatch(a -> a instanceof String)) {
            throw new InvalidInputException(file + ": no command line recorded");
        }
        List<String> recorded = list.stream().map(String::valueOf).toList();
        for (String arg : recorded) {
            String name = arg.split("=", 2)[0];
            if (NOT_RECORDED.contains(name) || arg.startsWith("@")) {
                throw new InvalidInputException(file + ": the recorded command line holds " + Printable.escape(arg)
                        + ", which no training run records (damaged checkpoint)");
            }
        }
        List<String> original = new ArrayList<>();
        for (int i = 0; i < recorded.size(); i++) {
            String arg = recorded.get(i);
            boolean replaced = threads.given() != null && (arg.equals("--threads") || arg.startsWith("--threads="))
                    || progress != null && (arg.equals("--progress") || arg.equals("--no-progress"));
            if (!replaced) original.add(arg);
            else if (arg.equals("--threads")) i++; // and its value
        }
        if (threads.given() != null) {
            original.add("--threads");
            original.add(threads.given().toString());
        }
        if (progress != null) original.add(progress ? "--progress" : "--no-progress");
        TrainCommand again = new TrainCommand();
        CommandLine cli = new CommandLine(again);
        cli.setOut(spec.commandLine().getOut());
        cli.setErr(spec.commandLine().getErr());
        cli.setExpandAtFiles(false);
        try {
            cli.parseArgs(original.toArray(String[]::new));
            again.training.request();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            throw new InvalidInputException(file + ": the recorded command line does not parse (" + e.getMessage() + ")");
        }
        again.output = resume; // the checkpoint's directory is the run's directory, wherever it was moved
        again.resumeState = state;
        out.println("Resuming " + resume + ": digits train " + Printable.escape(String.join(" ", recorded)));
        out.flush();
        return again.call();
    }
}
