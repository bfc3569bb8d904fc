package digits.bench.cli;

import digits.cli.ConditionConverter;
import digits.cli.ExitCodes;
import digits.cli.Main;
import digits.cli.TrainedModelOptions;
import digits.cli.TtaViewOptions;
import digits.cli.VersionProvider;
import digits.cli.ThreadsOption;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import digits.bench.BenchTables;
import digits.bench.ChildJvm;
import digits.bench.ConditionsRun;
import digits.api.DigitRecognizer;
import digits.data.render.Condition;
import digits.bench.EnsembleRun;
import digits.bench.Recipes;
import digits.bench.InferenceSpeed;
import digits.bench.MachineInfo;
import digits.bench.MemoryRun;
import digits.bench.PeakFlops;
import digits.bench.Recipe;
import digits.bench.TimeToAccuracy;
import digits.bench.TrainSpeed;
import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.data.augment.AugmentOptions;
import digits.io.AtomicFiles;
import digits.model.Architectures;
import digits.model.DigitModel;
import digits.model.EngineSetup;
import digits.model.FlopCounter;
import digits.model.ModelSpec;
import digits.model.NativeTuning;
import digits.model.TtaViews;
import digits.train.TrainingSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code digits bench}: reproducible speed, accuracy-per-second and memory measurements, as a table and a JSON file. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark training, inference, time to accuracy and memory.",
                "Measures training and inference speed, the time to reach test accuracies, and memory; prints a table and "
                        + "saves everything (with the machine's details) as JSON. See docs/benchmark.md.",
                "Run it on a quiet machine: other load on the CPU changes every number."})
public final class BenchCommand implements Callable<Integer> {
    static final List<String> SECTIONS = List.of("peak", "train-speed", "inference", "time-to-accuracy", "memory", "ensemble",
            "personal", "numbers", "conditions");
    /**
     * The sections run when --only is not given: the ensemble takes far longer than all the others together
     * (docs/benchmark.md, "ensemble"), so it runs only when asked for.
     */
    static final String DEFAULT_SECTIONS = "peak,train-speed,inference,time-to-accuracy,memory";
    static final String FLOP_CONVENTION = "forward FLOPs per image: 2 per multiply-add of conv and dense layers, plus 1 per "
            + "output for bias and ReLU, 2 per value for batch norm, p*p-1 per output of max pooling; training = "
            + FlopCounter.TRAINING_FACTOR + " x forward (backward computes input and weight gradients); softmax, loss and "
            + "optimizer update not counted";

    @Spec
    CommandSpec spec;

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            defaultValue = DEFAULT_SECTIONS,
            description = "Sections to run, comma-separated: peak, train-speed, inference, time-to-accuracy, memory, "
                    + "ensemble, personal, numbers, conditions (default: ${DEFAULT-VALUE}; train-speed also measures the peak).")
    List<String> only;

    @Mixin
    ThreadsOption threads;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "runs/bench.json",
            description = "JSON results file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--peak-size", paramLabel = "N", defaultValue = "2048",
            description = "Peak: matrix size N of the NxN matmul (default: ${DEFAULT-VALUE}).")
    int peakSize;

    @Option(names = "--peak-repeats", paramLabel = "N", defaultValue = "10",
            description = "Peak: timed multiplies after 2 warm-up (default: ${DEFAULT-VALUE}).")
    int peakRepeats;

    @Option(names = "--models", paramLabel = "MODEL", split = ",",
            defaultValue = "logistic,mlp,kaggle-cnn," + Architectures.DEFAULT,
            description = "train-speed: models to measure, comma-separated, as --model of train: presets "
                    + "(${bundle:generated.presets}) or layer specs (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--batch-size", paramLabel = "N", description = "train-speed: mini-batch size (default: train's).")
    Integer batchSize;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "train-speed: timed steps per model (default: ${DEFAULT-VALUE}).")
    int steps;

    // The first hundred steps of a process run slower than the rest of an epoch (docs/benchmark.md, train-speed).
    @Option(names = "--warmup-steps", paramLabel = "N", defaultValue = "100",
            description = "train-speed: untimed steps first (default: ${DEFAULT-VALUE}); warm-up and timed steps "
                    + "of --batch-size images must fit in the training images (MNIST's; a run that does not is refused).")
    int warmupSteps;

    /** MNIST's training digits, read while the options are checked when train-speed runs. */
    private Dataset trainImages;

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "inference, conditions, numbers, personal: a model directory written by train (inference "
            + "default: a freshly initialised --model; numbers and personal: their own options).")
    Path modelDir;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = Architectures.DEFAULT,
            description = "inference: the architecture to initialise without --model-dir: ${bundle:generated.models} "
                    + "(default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "1000",
            description = "inference: timed one-image calls (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--warmup-calls", paramLabel = "N", defaultValue = "1000",
            description = "inference: untimed calls first, as a running server has made them (default: ${DEFAULT-VALUE}).")
    int warmupCalls;

    @Option(names = "--inference-batch", paramLabel = "N", defaultValue = "1000",
            description = "inference: images per batch call (default: ${DEFAULT-VALUE}).")
    int inferenceBatch;

    @Option(names = "--batch-repeats", paramLabel = "N", defaultValue = "5",
            description = "inference: timed batch calls (default: ${DEFAULT-VALUE}).")
    int batchRepeats;

    @Option(names = "--recipe", paramLabel = "KEY=VALUE,...",
            description = "time-to-accuracy: a training run as train's options without dashes, e.g. "
                    + "model=fast-cnn,epochs=3,lr=0.003,lr-schedule=onecycle, or a named recipe (one-epoch, eight-seconds, "
                    + "one-minute, two-minutes, ten-minutes, ensemble-member) with overrides after it, e.g. one-epoch,seed=43; "
                    + "tta=shifts or tta=views makes the final predictions with test-time augmentation (8 shifts; 17 views); "
                    + "repeatable (default: train's defaults).")
    List<String> recipes;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "5",
            description = "time-to-accuracy: run each recipe with N seeds (its seed, seed+1, ...) and give its final "
                    + "accuracy and wall time as mean, min and max (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--targets", paramLabel = "ACCURACY", split = ",", defaultValue = "0.99,0.995",
            description = "time-to-accuracy: test accuracies whose first crossing is also timed, a secondary figure "
                    + "(default: ${DEFAULT-VALUE}).")
    List<Double> targets;

    @Option(names = "--fork", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "time-to-accuracy: run each recipe in a fresh JVM, timed from that JVM's start "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean fork;

    /** Set on the JVM that a forking bench starts: run the one recipe here, report progress lines and the JSON only. */
    @Option(names = "--forked", hidden = true)
    boolean forked;

    /** With --forked: the seed of this run of the recipe (the recipe's text names the recipe, not the run). */
    @Option(names = "--forked-seed", hidden = true)
    Long forkedSeed;

    @Option(names = "--memory-recipe", paramLabel = "KEY=VALUE,...", defaultValue = "epochs=15",
            description = "memory: the run whose RSS is read after each epoch (default: ${DEFAULT-VALUE}).")
    String memoryRecipe;

    @Option(names = "--ensemble-recipe", paramLabel = "KEY=VALUE,...", defaultValue = Recipes.ENSEMBLE_MEMBER,
            description = "ensemble: the recipe each member trains, with seeds seed, seed+1, ...; repeat it to mix "
                    + "architectures (members take the recipes in turn) (default: ${DEFAULT-VALUE}).")
    List<String> ensembleRecipes;

    @Option(names = "--members", paramLabel = "N", defaultValue = "4",
            description = "ensemble: members to train (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--tta", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "ensemble: also score the ensemble with test-time augmentation, as `evaluate --tta` would "
                    + "(default: on).")
    boolean tta;

    @Mixin
    TtaViewOptions ttaViews;

    @Mixin
    PersonalOptions personal;

    @Mixin
    NumberBenchOptions numbers;

    @Option(names = "--condition", paramLabel = "NAME", split = ",",
            description = "conditions: which to measure (default: all): ${COMPLETION-CANDIDATES}.",
            converter = ConditionConverter.class, completionCandidates = ConditionConverter.Names.class)
    List<Condition> conditions;

    @Option(names = "--condition-digits", paramLabel = "FROM-TO", defaultValue = ConditionsRun.REPORT_DIGITS,
            description = "conditions: the MNIST test digits to render (default: ${DEFAULT-VALUE}; "
                    + ConditionsRun.TUNE_DIGITS + " chose the preprocessing parameters).")
    String conditionDigits;

    @Option(names = "--condition-seed", paramLabel = "N", defaultValue = "1",
            description = "conditions: seed of the rendering (default: ${DEFAULT-VALUE}).")
    long conditionSeed;

    private final Map<String, Object> report = new LinkedHashMap<>();
    private PrintWriter out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        out = spec.commandLine().getOut();
        List<String> sections = sections();
        List<Recipe> parsed = (recipes == null ? List.of("") : recipes).stream().map(Recipe::parse).toList();
        Recipe memory = withoutTta("--memory-recipe", Recipe.parse(memoryRecipe));
        List<Recipe> ensembleMembers = ensembleRecipes.stream().map(r -> withoutTta("--ensemble-recipe", Recipe.parse(r))).toList();
        if (members < 1) throw new IllegalArgumentException("--members must be at least 1, got " + members);
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        // Three NxN float matrices: 8192 takes 0.8 GB; past that the peak measures the allocator, then fails.
        within("--peak-size", peakSize, 16, MAX_PEAK_SIZE);
        within("--peak-repeats", peakRepeats, 1, 10_000);
        within("--steps", steps, 1, 100_000);
        within("--warmup-steps", warmupSteps, 1, 100_000);
        within("--calls", calls, 1, 10_000_000);
        within("--warmup-calls", warmupCalls, 0, 10_000_000);
        within("--batch-repeats", batchRepeats, 1, 100_000);
        within("--inference-batch", inferenceBatch, 1, 100_000);
        if (sections.contains("train-speed")) {
            trainImages = MnistFiles.train();
            TrainSpeed.checkFits(warmupSteps, steps, trainSpeedBatch(), trainImages.size());
        }
        if (sections.contains("conditions")) {
            ConditionsRun.range(conditionDigits); // refused before any work
            if (modelDir == null) throw new IllegalArgumentException("--only conditions needs --model-dir DIR (a trained model)");
        }
        AtomicFiles.checkWritable(output);
        // --model-dir names the model of every section that reads one, unless the section's own option names another
        CommandLine.ParseResult typed = spec.commandLine().getParseResult();
        if (modelDir != null && !typed.hasMatchedOption("--numbers-model")) numbers.model = modelDir;
        if (modelDir != null && !typed.hasMatchedOption("--personal-model")) personal.model = modelDir;
        if (sections.contains("personal")) personal.check();
        if (sections.contains("numbers")) numbers.check();
        // The views --tta gives these members once saved: turns and zooms too when all train with augmentation.
        boolean augmented = ensembleMembers.stream().allMatch(r -> AugmentOptions.augments(r.request().augment()));
        TtaViews ttaAsked = ttaViews.views(augmented);
        if (!tta) ttaAsked = TtaViews.NONE;
        for (String m : models) architecture("--models", m);
        if (modelDir != null && !Files.isDirectory(modelDir)) {
            throw new IllegalArgumentException("--model-dir " + modelDir + ": not a directory");
        }
        architecture("--model", model);
        for (double t : targets) {
            if (!(t > 0 && t <= 1)) throw new IllegalArgumentException("--targets are accuracies in (0,1], got " + t);
        }

        threads.apply();
        if (forked) {
            // A timed cold start: load the data while the engine loads, as digits train does (MnistFiles caches it).
            EngineSetup.startLoading();
            MnistFiles.train();
            MnistFiles.test();
        }
        EngineSetup.engine();
        int engineThreads = JniUtils.getNumThreads();
        MachineInfo machine = MachineInfo.detect();
        report.put("command", commandLine());
        report.put("created", Instant.now().toString());
        report.put("machine", machine);
        report.put("versions", VersionProvider.versions());
        report.put("threads", engineThreads);
        report.put("native_tuning", NativeTuning.applied());
        report.put("flop_convention", FLOP_CONVENTION);
        if (forked) {
            Recipe recipe = forkedSeed == null ? parsed.get(0) : parsed.get(0).withSeed(forkedSeed);
            report.put("time_to_accuracy", List.of(TimeToAccuracy.run(recipe, targets, jvmStartMillis(), "forked JVM",
                    "jvm_start", this::progress)));
            save();
            return ExitCodes.OK;
        }
        out.println("Machine: " + machine.describe(engineThreads));
        if (threads.given() != null && threads.given() != engineThreads) {
            out.println("Note: the engine was already running with " + engineThreads + " threads; --threads " + threads.given()
                    + " applies only to a fresh JVM.");
        }

        PeakFlops.Result peak = null;
        MachineInfo.TheoreticalPeak theoretical = machine.theoreticalPeak(engineThreads);
        if (sections.contains("peak") || sections.contains("train-speed")) {
            peak = PeakFlops.measure(peakSize, 2, peakRepeats);
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("measured", peak);
            section.put("theoretical", theoretical);
            section.put("percentages_use", "measured best (best_gflops)");
            report.put("peak", section);
            out.println();
            out.println(BenchTables.peak(peak, theoretical));
            save();
        }
        if (sections.contains("train-speed")) trainSpeed(peak, theoretical);
        if (sections.contains("inference")) inference();
        if (sections.contains("time-to-accuracy")) timeToAccuracy(parsed);
        if (sections.contains("memory")) {
            out.println();
            out.println("Memory: " + memory.modelName() + ", RSS after each epoch of " + label(memory));
            out.flush();
            MemoryRun.Result result = MemoryRun.run(memory, this::progress);
            report.put("memory", result);
            out.println(BenchTables.memory(result));
            save();
        }
        if (sections.contains("conditions")) conditions();
        if (sections.contains("ensemble")) {
            out.println();
            out.println("Ensemble: " + members + " members " + (ensembleMembers.size() == 1 ? "of " : "taking in turn ")
                    + String.join("; ", ensembleMembers.stream().map(BenchCommand::label).toList())
                    + ", test accuracy after every epoch");
            out.flush();
            EnsembleRun.Result result = EnsembleRun.run(ensembleMembers, members, ttaAsked, System.currentTimeMillis(),
                    "section_start", this::progress);
            report.put("ensemble", result);
            out.println(BenchTables.ensemble(result));
            save();
        }
        if (sections.contains("personal")) {
            report.put("personal", personal.run(out, this::progress));
            save();
        }
        if (sections.contains("numbers")) {
            out.println();
            report.put("numbers", numbers.run(out));
            save();
        }
        out.println();
        out.println("Saved " + output);
        out.flush();
        return ExitCodes.OK;
    }

    private int trainSpeedBatch() {
        return batchSize != null ? batchSize : TrainingSettings.BATCH_SIZE.defaultValue();
    }

    private void trainSpeed(PeakFlops.Result peak, MachineInfo.TheoreticalPeak theoretical) {
        int batch = trainSpeedBatch();
        Dataset train = trainImages;
        out.println();
        out.printf(Locale.ROOT, "Training speed (train's defaults, batch %d; %d steps timed after %d warm-up)%n", batch, steps,
                warmupSteps);
        out.println(BenchTables.TRAIN_SPEED.header());
        out.flush();
        List<TrainSpeed.Result> results = new ArrayList<>();
        report.put("train_speed", results);
        for (String m : models) {
            TrainSpeed.Result r = TrainSpeed.measure(m, train, batch, warmupSteps, steps)
                    .withPeaks(peak.bestGflops(), theoretical == null ? null : theoretical.gflops());
            results.add(r);
            out.println(BenchTables.trainSpeedRow(r));
            out.flush();
            save();
        }
    }

    private void conditions() {
        int[] range = ConditionsRun.range(conditionDigits);
        List<Condition> chosen = conditions == null ? List.of(Condition.values()) : conditions;
        out.println();
        out.println("Conditions: accuracy on MNIST test digits " + conditionDigits + " rendered as photos (through the image "
                + "preprocessor in each mode) or shrunk (pixels direct), seed " + conditionSeed);
        out.println(BenchTables.CONDITIONS.header());
        out.flush();
        try (DigitRecognizer recognizer = DigitRecognizer.load(modelDir)) {
            ConditionsRun.Result result = ConditionsRun.run(recognizer, MnistFiles.test(), range[0], range[1], conditionSeed,
                    chosen, this::progress);
            report.put("conditions", result);
        }
        save();
    }

    private void inference() {
        Dataset test = MnistFiles.test();
        InferenceSpeed.Result result;
        if (modelDir != null) {
            result = InferenceSpeed.measure(modelDir, test, warmupCalls, calls, inferenceBatch, batchRepeats);
        } else {
            try (DigitModel net = DigitModel.create(architecture("--model", model))) {
                net.initialize();
                result = InferenceSpeed.measure(net, "fresh " + model, test, warmupCalls, calls, inferenceBatch, batchRepeats);
            }
        }
        report.put("inference", result);
        out.println();
        out.println(BenchTables.inference(result));
        out.flush();
        save();
    }

    private void timeToAccuracy(List<Recipe> parsed) throws IOException, InterruptedException {
        List<TimeToAccuracy.Result> results = new ArrayList<>();
        List<TimeToAccuracy.Summary> summaries = new ArrayList<>();
        report.put("time_to_accuracy_summary", summaries);
        report.put("time_to_accuracy", results);
        for (Recipe recipe : parsed) {
            List<TimeToAccuracy.Result> runs = new ArrayList<>();
            for (int i = 0; i < seeds; i++) {
                Recipe seeded = recipe.withSeed(recipe.request().seed() + i);
                out.println();
                out.println("Time to accuracy: " + label(recipe) + ", seed " + seeded.request().seed()
                        + (fork ? " (fresh JVM)" : " (this JVM)"));
                out.flush();
                TimeToAccuracy.Result run = fork ? forked(seeded)
                        : TimeToAccuracy.run(seeded, targets, System.currentTimeMillis(), "in-process", "recipe_start",
                        this::progress);
                runs.add(run);
                results.add(run);
                save();
            }
            summaries.add(TimeToAccuracy.Summary.of(runs));
            save();
        }
        out.println();
        out.println(BenchTables.accuracyRecords(summaries, results.get(0).clock()));
        out.println();
        out.println(BenchTables.timeToAccuracy(results));
        out.flush();
    }

    /** Runs one recipe in a fresh JVM (this command with --forked) and reads back its result. */
    private TimeToAccuracy.Result forked(Recipe recipe) throws IOException, InterruptedException {
        Path json = Files.createTempFile("digits-bench-", ".json");
        try {
            List<String> args = new ArrayList<>(List.of("bench", "--forked", "--only", "time-to-accuracy", "--output",
                    json.toString(), "--recipe", recipe.text(), "--forked-seed", Long.toString(recipe.request().seed()),
                    "--seeds", "1", "--targets",
                    String.join(",", targets.stream().map(String::valueOf).toList())));
            if (threads.given() != null) args.addAll(List.of("--threads", threads.given().toString()));
            List<String> tail = new ArrayList<>();
            int code = ChildJvm.run(Main.class.getName(), args, line -> {
                if (line.startsWith("  ")) progress(line);
                tail.add(line);
                if (tail.size() > 20) tail.remove(0);
            });
            String error = tail.stream().filter(l -> l.startsWith("digits: error: ")).findFirst().orElse(null);
            if (code == ExitCodes.BAD_INPUT && error != null) {
                throw new IllegalArgumentException(error.substring("digits: error: ".length()));
            }
            if (code != ExitCodes.OK) {
                throw new IllegalStateException("the time-to-accuracy JVM exited with " + code + ": " + String.join(" | ", tail));
            }
            JsonNode result = json().readTree(json.toFile()).get("time_to_accuracy").get(0);
            return json().treeToValue(result, TimeToAccuracy.Result.class);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    static final int MAX_PEAK_SIZE = 8192;

    private static void within(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private void progress(String line) {
        out.println(line);
        out.flush();
    }

    private List<String> sections() {
        List<String> sections = new ArrayList<>();
        for (String s : only) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (!SECTIONS.contains(name)) {
                throw new IllegalArgumentException("--only: unknown section '" + s + "': use " + String.join(", ", SECTIONS));
            }
            sections.add(name);
        }
        return sections;
    }

    private static ModelSpec architecture(String option, String name) {
        try {
            return Architectures.resolve(name, null, 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    /** The memory and ensemble sections evaluate no final predictions of a recipe's own: tta there would be ignored. */
    private static Recipe withoutTta(String option, Recipe recipe) {
        if (!recipe.tta().isNone()) {
            throw new IllegalArgumentException(option + " '" + recipe.text() + "': " + Recipe.TTA_KEY + " is for --recipe only"
                    + (option.equals("--ensemble-recipe") ? " (the ensemble section takes --tta)" : ""));
        }
        return recipe;
    }

    private static String label(Recipe recipe) {
        return recipe.text().isEmpty() ? "train's defaults" : "recipe " + recipe.text();
    }

    /** The command as typed, arguments quoted where a shell would need it, so the run can be repeated. */
    private String commandLine() {
        List<String> words = new ArrayList<>(List.of("digits"));
        for (String a : spec.root().commandLine().getParseResult().originalArgs()) {
            words.add(a.matches("[A-Za-z0-9_./=,:+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", words);
    }

    private static long jvmStartMillis() {
        return ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    private static ObjectMapper json() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Writes the results so far: a run cut short still leaves every finished measurement. */
    private void save() {
        AtomicFiles.write(output, stream -> json().writeValue(stream, report));
    }
}
