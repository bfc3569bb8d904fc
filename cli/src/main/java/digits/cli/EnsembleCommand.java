package digits.cli;

import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.eval.Evaluation;
import digits.io.AtomicFiles;
import digits.model.Ensemble;
import digits.model.EnsembleDescriptor;
import digits.model.EnsembleSelection;
import digits.model.EnsembleStore;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.model.ProbabilityModel;
import digits.data.StratifiedSplit;
import digits.train.SettingsText;
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
                "digits ensemble [--members=N | --member=SETTINGS...] [--select=ROUNDS] [-m=MODEL] [training options] [-o=DIR]",
                "       digits ensemble --combine=DIR DIR... [--weights=W,W...] -o=DIR"},
        description = {
                "Train or combine models into an averaging ensemble.",
                "Train several models that differ in their seed (and in any settings --member",
                "gives), or combine saved models, into an ensemble that averages their class",
                "probabilities. evaluate, predict and serve take an ensemble directory wherever",
                "they take a model directory.",
                "",
                "  digits ensemble --members 5 --model fast-cnn --epochs 5 -o runs/ensemble",
                "  digits ensemble --member model=fast-cnn --member model=wide-cnn,augment=elastic \\",
                "      --member model=quick-cnn,label-smoothing=0 --select 10 -o runs/diverse",
                "  digits ensemble --combine runs/quick-cnn runs/kaggle-cnn -o runs/mixed",
                "",
                "Member i is trained exactly as `digits train --seed SEED+i-1` would train it",
                "with the same options (and its --member settings); all members are evaluated",
                "on the test set. --select chooses members and weights on images that no member",
                "trained on, never on the test set.",
                ""})
public final class EnsembleCommand implements Callable<Integer>, TrainingOptions.Command {
    static final int DEFAULT_MEMBERS = 5;
    static final String MEMBER_PREFIX = "member-";
    /** The options that mean something when combining saved models; the training options do not. */
    // (--member and --select train, so they are not among them)
    private static final Set<String> COMBINE_OPTIONS = Set.of("--combine", "--weights", "--output", "--test", "--threads");

    @Spec
    CommandSpec spec;

    @Option(names = "--members", paramLabel = "N",
            description = "Train N models with seeds SEED, SEED+1, ... (default: " + DEFAULT_MEMBERS + ").")
    Integer members;

    @Option(names = "--member", paramLabel = "SETTINGS",
            description = "Train a member with these settings over the other options, written as a bench recipe "
                    + "(model=wide-cnn,augment=elastic,lr=0.003); repeat it for each member. Members that err "
                    + "differently make a better ensemble than seeds alone.")
    List<String> memberSettings;

    @Option(names = "--select", paramLabel = "ROUNDS",
            description = "Choose the members and their weights: ROUNDS rounds of greedy selection with replacement "
                    + "by accuracy on --select-split of the training images, held out of every member's training. "
                    + "Members never chosen stay on disk, out of the ensemble.")
    Integer select;

    @Option(names = "--select-split", paramLabel = "FRACTION", defaultValue = "0.1",
            description = "With --select: the fraction of the training images held out to choose on (default: ${DEFAULT-VALUE}).")
    double selectSplit;

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
        TrainingRequest request = training.request();
        List<TrainingRequest> memberRequests = memberRequests(request);
        int n = memberRequests.size();
        double[] memberWeights = weights(n);
        if (select != null && weights != null) throw new IllegalArgumentException("--weights and --select both set the weights: give one");
        if (select != null && (select < 1 || select > EnsembleSelection.MAX_ROUNDS)) {
            throw new IllegalArgumentException("--select must be between 1 and " + EnsembleSelection.MAX_ROUNDS + " rounds, got " + select);
        }
        if (select != null && !(selectSplit > 0 && selectSplit < 1)) {
            throw new IllegalArgumentException("--select-split must be between 0 and 1, got " + selectSplit);
        }
        int threadCount = threads.apply();
        String modelName = request.modelName();
        Path dir = output != null ? output : Path.of("runs", "ensemble-" + modelName);
        AtomicFiles.checkDirectory(dir);
        EnsembleStore.checkNotModelDirectory(dir);

        TrainingData data = TrainingData.load(request);
        Dataset heldOut = null;
        if (select != null) {
            // Held out before any member splits its own validation part: no member ever trains on these images.
            StratifiedSplit outer = StratifiedSplit.split(data.all(), selectSplit, request.seed());
            heldOut = outer.validation();
            data = TrainingData.of(request, outer.train(), data.test());
        }
        Dataset testData = data.test();
        PrintWriter out = spec.commandLine().getOut();
        if (memberSettings == null) {
            out.printf(Locale.ROOT, "Ensemble of %d x %s: %s, %,d parameters each; seeds %d to %d%n", n, modelName,
                    request.modelSpec(), ModelSummary.of(request.modelSpec()).totalParams(), request.seed(), request.seed() + n - 1);
        } else {
            out.printf(Locale.ROOT, "Ensemble of %d members, seeds %d to %d%n", n, request.seed(), request.seed() + n - 1);
        }
        out.printf(Locale.ROOT, "Data: %s, %,d training and %,d validation images%s%s; %d thread%s%n", data.all().name(),
                data.train().size(), data.validationSize(),
                heldOut == null ? "" : String.format(Locale.ROOT, ", %,d held out to choose members on", heldOut.size()),
                testData == null ? "" : String.format(Locale.ROOT, ", %,d test images", testData.size()), threadCount,
                threadCount == 1 ? "" : "s");
        out.flush();

        // An older ensemble here would list members this run is about to replace: withdraw it until the new one is whole.
        EnsembleStore.withdraw(dir);
        boolean bar = progress != null ? progress : ConsoleProgress.interactive();
        long start = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        List<float[]> testProbabilities = new ArrayList<>();
        List<float[]> heldOutProbabilities = new ArrayList<>();
        List<EnsembleDescriptor.Member> listed = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TrainingRequest member = memberRequests.get(i);
            String path = MEMBER_PREFIX + (i + 1);
            out.printf(Locale.ROOT, "%nMember %d/%d (seed %d%s) -> %s%n", i + 1, n, member.seed(),
                    memberSettings == null ? "" : ", " + memberSettings.get(i).trim(), dir.resolve(path));
            out.flush();
            TrainingJob.Outcome outcome = new TrainingJob(member, data.splitFor(member))
                    .listener(new ConsoleProgress(out, bar)).saveTo(dir.resolve(path)).run();
            rows.add(new Row(path, Long.toString(member.seed()), outcome.descriptor().metrics().get("val_accuracy"),
                    outcome.testEvaluation()));
            testProbabilities.add(outcome.testProbabilities());
            if (heldOut != null) heldOutProbabilities.add(probabilities(dir.resolve(path), heldOut));
            listed.add(new EnsembleDescriptor.Member(path, weights == null ? null : memberWeights[i]));
            names.add(member.modelName());
        }
        out.printf(Locale.ROOT, "%nTrained %d members in %.1fs%n", n, (System.nanoTime() - start) / 1e9);
        if (heldOut != null) {
            EnsembleSelection.Result chosen = EnsembleSelection.select(heldOutProbabilities, heldOut.labels(), select);
            printSelection(out, heldOut, rows, heldOutProbabilities, chosen);
            List<Integer> kept = chosen.chosen();
            listed = kept.stream().map(i -> new EnsembleDescriptor.Member(MEMBER_PREFIX + (i + 1), (double) chosen.counts()[i])).toList();
            names = kept.stream().map(names::get).toList();
            testProbabilities = kept.stream().map(testProbabilities::get).toList();
            memberWeights = EnsembleSelection.weights(chosen);
        }
        finish(dir, EnsembleDescriptor.defaultName(names), listed, rows, testData, testProbabilities, memberWeights, out);
        return ExitCodes.OK;
    }

    /** The base request for each member: its seed, and its --member settings over the options. */
    private List<TrainingRequest> memberRequests(TrainingRequest base) {
        if (memberSettings != null && members != null && members != memberSettings.size()) {
            throw new IllegalArgumentException("--members " + members + " but " + memberSettings.size() + " --member settings: give one of them");
        }
        int n = memberSettings != null ? memberSettings.size() : members == null ? DEFAULT_MEMBERS : members;
        if (n < 2) {
            throw new IllegalArgumentException(memberSettings != null ? "--member must be given at least twice, got " + n
                    : "--members must be at least 2, got " + n);
        }
        List<TrainingRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TrainingRequest member = base.with(TrainingSettings.SEED, base.seed() + i);
            if (memberSettings != null) {
                try {
                    member = SettingsText.over(member, memberSettings.get(i));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--member '" + memberSettings.get(i) + "': " + e.getMessage(), e);
                }
            }
            requests.add(member);
        }
        return requests;
    }

    /** A saved member's probabilities for the images. */
    private static float[] probabilities(Path memberDir, Dataset images) {
        try (ModelStore.Loaded loaded = ModelStore.load(memberDir)) {
            return loaded.model().probabilities(images.pixels(), images.size());
        }
    }

    private static void printSelection(PrintWriter out, Dataset heldOut, List<Row> rows, List<float[]> heldOutProbabilities,
                                       EnsembleSelection.Result chosen) {
        out.printf(Locale.ROOT, "%nChoosing on %,d held-out images (%d rounds):%n", heldOut.size(), chosen.accuracy().length);
        String format = "  %-12s  %16s  %6s%n";
        out.printf(Locale.ROOT, format, "member", "held-out accuracy", "weight");
        for (int i = 0; i < rows.size(); i++) {
            out.printf(Locale.ROOT, format, rows.get(i).member(),
                    fixed(Evaluation.of(heldOut.labels(), heldOutProbabilities.get(i)).accuracy()), chosen.counts()[i]);
        }
        double[] equal = new double[rows.size()];
        java.util.Arrays.fill(equal, 1);
        out.printf(Locale.ROOT, format, "all, equally", fixed(Evaluation.of(heldOut.labels(), Ensemble.average(heldOutProbabilities, equal)).accuracy()), "");
        out.printf(Locale.ROOT, format, "chosen", fixed(chosen.finalAccuracy()), "");
        out.flush();
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
        out.printf(Locale.ROOT, "Saved ensemble %s (%d member%s) to %s%s%n", name, listed.size(), listed.size() == 1 ? "" : "s",
                dir, summary);
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
