package digits.cli;

import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.eval.Evaluation;
import digits.io.AtomicFiles;
import digits.model.Ensemble;
import digits.model.EnsembleDescriptor;
import digits.model.EnsembleStore;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.model.ProbabilityModel;
import digits.train.TrainingData;
import digits.train.TrainingJob;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code digits ensemble}: train N models that differ only in their seed, or combine saved models, into an ensemble
 * directory; evaluate each member and the ensemble on the test set.
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainingOptions.Transformer.class,
        customSynopsis = {
                "digits ensemble [--members=N] [-m=MODEL] [training options] [-o=DIR]",
                "       digits ensemble --combine=DIR DIR... [--weights=W,W...] -o=DIR"},
        description = {
                "Train or combine models into an averaging ensemble.",
                "Train several models that differ only in their seed, or combine saved models,",
                "into an ensemble that averages their class probabilities. evaluate, predict",
                "and serve take an ensemble directory wherever they take a model directory.",
                "",
                "  digits ensemble --members 5 --model fast-cnn --epochs 5 -o runs/ensemble",
                "  digits ensemble --combine runs/quick-cnn runs/kaggle-cnn -o runs/mixed",
                "",
                "Member i is trained exactly as `digits train --seed SEED+i-1` would train it",
                "with the same options; all members are evaluated on the test set.",
                ""})
public final class EnsembleCommand implements Callable<Integer>, TrainingOptions.Command {
    static final int DEFAULT_MEMBERS = 5;
    static final String MEMBER_PREFIX = "member-";
    /** The options that mean something when combining saved models; the training options do not. */
    private static final Set<String> COMBINE_OPTIONS = Set.of("--combine", "--weights", "--output", "--test", "--threads");

    @Spec
    CommandSpec spec;

    @Option(names = "--members", paramLabel = "N",
            description = "Train N models with seeds SEED, SEED+1, ... (default: " + DEFAULT_MEMBERS + ").")
    Integer members;

    @Option(names = "--combine", arity = "1..*", paramLabel = "DIR",
            description = "Instead of training, combine these model directories: each is copied into the ensemble "
                    + "directory (one already inside it is used in place).")
    List<Path> combine;

    @Option(names = "--weights", split = ",", paramLabel = "W",
            description = "How much each member counts, e.g. 2,1,1 (default: equally).")
    List<Double> weights;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Ensemble directory to write (default: runs/ensemble-<model>; required with --combine).")
    Path output;

    final TrainingOptions training = new TrainingOptions();

    @Mixin
    ThreadsOption threads;

    @Option(names = "--progress", negatable = true, description = "Show a progress bar (default: on a terminal only).")
    Boolean progress;

    /** One line of the results table. */
    private record Row(String member, String seed, Double valAccuracy, Evaluation test) {}

    @Override
    public TrainingOptions training() {
        return training;
    }

    @Override
    public Integer call() {
        return combine != null ? combine() : train();
    }

    private int train() {
        int n = members == null ? DEFAULT_MEMBERS : members;
        if (n < 2) throw new IllegalArgumentException("--members must be at least 2, got " + n);
        double[] memberWeights = weights(n);
        TrainingRequest request = training.request();
        ModelSpec modelSpec = request.modelSpec();
        ModelSummary summary = ModelSummary.of(modelSpec);
        int threadCount = threads.apply();
        String modelName = request.modelName();
        Path dir = output != null ? output : Path.of("runs", "ensemble-" + modelName);
        AtomicFiles.checkDirectory(dir);
        EnsembleStore.checkNotModelDirectory(dir);

        TrainingData data = TrainingData.load(request);
        Dataset testData = data.test();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "Ensemble of %d x %s: %s, %,d parameters each; seeds %d to %d%n", n, modelName, modelSpec,
                summary.totalParams(), request.seed(), request.seed() + n - 1);
        out.printf(Locale.ROOT, "Data: %s, %,d training and %,d validation images%s; %d thread%s%n", data.all().name(),
                data.train().size(), data.validationSize(),
                testData == null ? "" : String.format(Locale.ROOT, ", %,d test images", testData.size()), threadCount,
                threadCount == 1 ? "" : "s");
        out.flush();

        // An older ensemble here would list members this run is about to replace: withdraw it until the new one is whole.
        EnsembleStore.withdraw(dir);
        boolean bar = progress != null ? progress : ConsoleProgress.interactive();
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        List<float[]> testProbabilities = new ArrayList<>();
        List<EnsembleDescriptor.Member> listed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TrainingRequest member = request.with(TrainingSettings.SEED, request.seed() + i);
            String path = MEMBER_PREFIX + (i + 1);
            out.printf(Locale.ROOT, "%nMember %d/%d (seed %d) -> %s%n", i + 1, n, member.seed(), dir.resolve(path));
            out.flush();
            TrainingJob.Outcome outcome = new TrainingJob(member, data.splitFor(member))
                    .listener(new ConsoleProgress(out, bar)).saveTo(dir.resolve(path)).run();
            rows.add(new Row(path, Long.toString(member.seed()), outcome.descriptor().metrics().get("val_accuracy"),
                    outcome.testEvaluation()));
            testProbabilities.add(outcome.testProbabilities());
            listed.add(new EnsembleDescriptor.Member(path, weights == null ? null : memberWeights[i]));
        }
        out.printf(Locale.ROOT, "%nTrained %d members in %.1fs%n", n, (System.nanoTime() - start) / 1e9);
        String name = EnsembleDescriptor.defaultName(java.util.Collections.nCopies(n, modelName));
        finish(dir, name, listed, rows, testData, testProbabilities, memberWeights, out);
        return ExitCodes.OK;
    }

    private int combine() {
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!COMBINE_OPTIONS.contains(option.longestName())) {
                throw new IllegalArgumentException(option.longestName() + " is a training option: it has no effect with --combine");
            }
        }
        if (combine.size() < 2) throw new IllegalArgumentException("--combine needs at least 2 model directories, got " + combine.size());
        if (output == null) throw new IllegalArgumentException("--output is required with --combine (the ensemble directory to write)");
        double[] memberWeights = weights(combine.size());
        EnsembleStore.checkNotModelDirectory(output);
        if (EnsembleStore.isEnsemble(output)) {
            throw new IllegalArgumentException(output + " already holds an ensemble; choose another --output or remove it");
        }
        threads.apply();
        Dataset testData = TrainingData.testData(training.request());
        PrintWriter out = spec.commandLine().getOut();

        List<ModelDescriptor> sources = new ArrayList<>();
        for (Path source : combine) {
            sources.add(ModelStore.readDescriptor(source));
            ModelStore.load(source).close(); // verifies the parameters' hash: nothing is copied unless every model is whole
        }
        List<String> paths = memberPaths(output, combine);
        List<String> names = new ArrayList<>();
        List<EnsembleDescriptor.Member> listed = new ArrayList<>();
        for (int i = 0; i < combine.size(); i++) {
            Path source = combine.get(i);
            ModelDescriptor d = sources.get(i);
            boolean inPlace = paths.get(i) == null;
            String path = inPlace ? relativeInside(output, source) : paths.get(i);
            if (!inPlace) copyModel(source, output.resolve(path));
            out.printf(Locale.ROOT, "%s %s %s (%s, %s)%n", path, inPlace ? "=" : "<-", source, d.name(), d.architecture());
            names.add(d.name());
            listed.add(new EnsembleDescriptor.Member(path, weights == null ? null : memberWeights[i]));
        }
        out.flush();
        String name = EnsembleDescriptor.defaultName(names);
        EnsembleDescriptor draft = EnsembleDescriptor.of(name, listed, null, VersionProvider.versions(), Instant.now().toString());
        List<Row> rows = new ArrayList<>();
        List<float[]> testProbabilities = new ArrayList<>();
        try (EnsembleStore.Loaded loaded = EnsembleStore.load(output, draft)) {
            if (testData != null) {
                for (int i = 0; i < loaded.members().size(); i++) {
                    ProbabilityModel member = loaded.ensemble().members().get(i);
                    float[] p = member.probabilities(testData);
                    testProbabilities.add(p);
                    Object seed = loaded.members().get(i).training() == null ? null : loaded.members().get(i).training().get("seed");
                    Map<String, Double> metrics = loaded.members().get(i).metrics();
                    rows.add(new Row(listed.get(i).path(), seed == null ? "-" : seed.toString(),
                            metrics == null ? null : metrics.get("val_accuracy"), Evaluation.of(testData.labels(), p)));
                }
            }
        }
        finish(output, name, listed, rows, testData, testProbabilities, memberWeights, out);
        return ExitCodes.OK;
    }

    /** Prints the table of members and the ensemble, then writes {@code ensemble.json} (the commit point). */
    private void finish(Path dir, String name, List<EnsembleDescriptor.Member> listed, List<Row> rows, Dataset testData,
                        List<float[]> testProbabilities, double[] memberWeights, PrintWriter out) {
        Map<String, Double> metrics = null;
        String summary = "";
        if (testData != null) {
            Evaluation ensemble = Evaluation.of(testData.labels(), Ensemble.average(testProbabilities, memberWeights));
            double mean = rows.stream().mapToDouble(r -> r.test().accuracy()).average().orElse(Double.NaN);
            double best = rows.stream().mapToDouble(r -> r.test().accuracy()).max().orElse(Double.NaN);
            printTable(out, testData, rows, ensemble, mean);
            metrics = new LinkedHashMap<>();
            metrics.put("test_loss", ensemble.loss());
            metrics.put("test_accuracy", ensemble.accuracy());
            metrics.put("member_mean_test_accuracy", mean);
            metrics.put("member_best_test_accuracy", best);
            summary = String.format(Locale.ROOT, "; test accuracy %.4f (members: mean %.4f, best %.4f)", ensemble.accuracy(), mean, best);
        }
        EnsembleDescriptor descriptor = EnsembleDescriptor.of(name, listed, metrics, VersionProvider.versions(), Instant.now().toString());
        EnsembleStore.save(descriptor, dir);
        out.printf(Locale.ROOT, "Saved ensemble %s (%d members) to %s%s%n", name, listed.size(), dir, summary);
        out.flush();
    }

    private static void printTable(PrintWriter out, Dataset testData, List<Row> rows, Evaluation ensemble, double mean) {
        int width = Math.max("mean of members".length(), rows.stream().mapToInt(r -> r.member().length()).max().orElse(0));
        String format = "  %-" + width + "s  %6s  %12s  %9s  %13s%n";
        out.printf(Locale.ROOT, "%nTest (%s, %,d images):%n", testData.name(), testData.size());
        out.printf(Locale.ROOT, format, "member", "seed", "val_accuracy", "test_loss", "test_accuracy");
        for (Row r : rows) {
            out.printf(Locale.ROOT, format, r.member(), r.seed(), r.valAccuracy() == null ? "-" : fixed(r.valAccuracy()),
                    fixed(r.test().loss()), fixed(r.test().accuracy()));
        }
        out.printf(Locale.ROOT, format, "mean of members", "", "", "", fixed(mean));
        out.printf(Locale.ROOT, format, "ensemble", "", "", fixed(ensemble.loss()), fixed(ensemble.accuracy()));
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** The weights of --weights (checked against the number of members), or all 1. */
    private double[] weights(int count) {
        double[] w = new double[count];
        if (weights == null) {
            java.util.Arrays.fill(w, 1);
            return w;
        }
        if (weights.size() != count) {
            throw new IllegalArgumentException("--weights lists " + weights.size() + " weights for " + count + " members");
        }
        for (int i = 0; i < count; i++) {
            w[i] = weights.get(i);
            String problem = Ensemble.weightProblem(w[i]);
            if (problem != null) throw new IllegalArgumentException("--weights: weight " + (i + 1) + " " + problem);
        }
        return w;
    }

    /**
     * For each source: null when it already lies inside the ensemble directory (used in place), else the name of
     * the new member directory it is copied to ({@code member-i}, or the next free number if that is taken).
     */
    private static List<String> memberPaths(Path dir, List<Path> sources) {
        Set<Path> seen = new HashSet<>();
        Set<String> taken = new HashSet<>();
        for (Path source : sources) {
            Path real = realPath(source);
            if (!seen.add(real)) throw new IllegalArgumentException("--combine lists " + source + " twice");
            if (isInside(dir, source)) taken.add(relativeInside(dir, source));
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (isInside(dir, sources.get(i))) {
                paths.add(null);
                continue;
            }
            int k = i + 1;
            while (taken.contains(MEMBER_PREFIX + k) || Files.exists(dir.resolve(MEMBER_PREFIX + k))) k++;
            taken.add(MEMBER_PREFIX + k);
            paths.add(MEMBER_PREFIX + k);
        }
        return paths;
    }

    private static boolean isInside(Path dir, Path source) {
        return Files.isDirectory(dir) && realPath(source).startsWith(realPath(dir)) && !realPath(source).equals(realPath(dir));
    }

    private static String relativeInside(Path dir, Path source) {
        return realPath(dir).relativize(realPath(source)).toString().replace('\\', '/');
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(p + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /**
     * Copies a model directory's files (not its subdirectories) into a new member directory, the descriptor last,
     * so an interrupted copy never leaves a directory that looks like a whole model.
     */
    private static void copyModel(Path source, Path target) {
        List<Path> files;
        try (Stream<Path> list = Files.list(source)) {
            files = list.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> !f.getFileName().toString().equals(ModelStore.DESCRIPTOR))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + source + ": " + e.getMessage(), e);
        }
        for (Path f : Stream.concat(files.stream(), Stream.of(source.resolve(ModelStore.DESCRIPTOR))).toList()) {
            AtomicFiles.write(target.resolve(f.getFileName().toString()), out -> Files.copy(f, out));
        }
    }
}
