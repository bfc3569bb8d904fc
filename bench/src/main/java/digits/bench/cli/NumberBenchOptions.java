package digits.bench.cli;

import digits.api.DigitRecognizer;
import digits.api.NumberReader;
import digits.api.PairModels;
import digits.bench.NumberBench;
import digits.data.InvalidInputException;
import digits.data.SyntheticNumbers;
import digits.cli.TrainedModelOptions;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The options of {@code digits bench --only numbers}: which model reads which generated numbers. */
public final class NumberBenchOptions {
    @Option(names = "--numbers-model", paramLabel = "DIR", defaultValue = TrainedModelOptions.DEFAULT_DIR,
            description = "numbers: the model directory that reads the digits (default: --model-dir when given, else ${DEFAULT-VALUE}, made by "
                    + "`digits train`).")
    Path model;

    @Option(names = "--numbers-pair-model", paramLabel = "DIR",
            description = "numbers: also read touching pairs whole with the pair models in DIR (see `digits pairs`; default: none).")
    Path pairModel;

    @Option(names = "--numbers-count", paramLabel = "N", defaultValue = "200",
            description = "numbers: numbers per length and kind (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--numbers-max-digits", paramLabel = "N", defaultValue = "8",
            description = "numbers: lengths 1 to N digits (default: ${DEFAULT-VALUE}).")
    int maxDigits;

    @Option(names = "--numbers-part", paramLabel = "PART", defaultValue = "reported",
            description = "numbers: which MNIST test digits make the numbers: reported (5000-9999, for figures) or "
                    + "tuning (0-4999, for choosing --numbers-settings) (default: ${DEFAULT-VALUE}).")
    String part;

    @Option(names = "--numbers-seed", paramLabel = "N", defaultValue = "1",
            description = "numbers: first seed of each length and kind (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--numbers-settings", paramLabel = "KEY=VALUE,...",
            description = "numbers: reader settings to change, e.g. cut-cost=2,digit-bonus=0.3 (keys: digit-bonus, cut-cost, "
                    + "join-cost, max-width, width-cost, min-height, height-cost, and with --numbers-pair-model pair-min-width, "
                    + "pair-max-width, pair-bonus, pair-which-weight, pair-split-weight; default: the reader's).")
    String settings;

    /** What starts every key of the pair models' settings ({@link NumberReader.PairSettings}). */
    private static final String PAIR_PREFIX = "pair-";

    private static IllegalArgumentException unknownKey(String key) {
        return new IllegalArgumentException("--numbers-settings: unknown key '" + key + "'");
    }

    /** Refuses bad values before any section runs. */
    void check() {
        if (count < 1 || count > 100_000) throw new IllegalArgumentException("--numbers-count must be between 1 and 100000, got " + count);
        if (maxDigits < 1 || maxDigits > 12) throw new IllegalArgumentException("--numbers-max-digits must be between 1 and 12, got " + maxDigits);
        part();
        settings();
        pairSettings();
        if (pairModel != null) PairModels.check(pairModel);
        if (!Files.isDirectory(model)) {
            throw new InvalidInputException(model + ": no such model directory" + (model.equals(Path.of(TrainedModelOptions.DEFAULT_DIR))
                    ? " (train it with `digits train`, or give --numbers-model DIR)" : ""));
        }
    }

    NumberBench.Result run(PrintWriter out) {
        check();
        NumberReader.Settings chosen = settings();
        NumberReader.PairSettings pairSettings = pairSettings();
        SyntheticNumbers numbers = SyntheticNumbers.fromMnistTest(part());
        try (PairModels pairs = pairModel == null ? null : PairModels.load(pairModel);
             DigitRecognizer recognizer = DigitRecognizer.load(model)) {
            NumberReader reader = new NumberReader(recognizer, pairs, recognizer.preprocessor(), chosen, pairSettings);
            String pairId = pairs == null ? null : pairs.modelId();
            out.println(NumberBench.header(new NumberBench.Result(recognizer.modelId(), pairId, part().name().toLowerCase(Locale.ROOT),
                    part().from, part().to, seed, chosen, pairs == null ? null : pairSettings, List.of()),
                    recognizer.describe() + " from " + model + (pairs == null ? "" : ", pairs read whole by " + pairModel)));
            out.flush();
            NumberBench.Result result = NumberBench.run(reader, recognizer.modelId(), pairId, numbers, chosen,
                    pairs == null ? null : pairSettings, 1, maxDigits, count, seed, line -> {
                        out.println(line);
                        out.flush();
                    });
            out.println("settings: " + chosen + (pairs == null ? "" : ", " + pairSettings));
            return result;
        }
    }

    private SyntheticNumbers.Part part() {
        try {
            SyntheticNumbers.Part p = SyntheticNumbers.Part.valueOf(part.trim().toUpperCase(Locale.ROOT));
            if (p != SyntheticNumbers.Part.TRAINING) return p; // numbers are measured on test digits only
        } catch (IllegalArgumentException e) {
            // refused below, as any other name
        }
        throw new IllegalArgumentException("--numbers-part: '" + part + "' is not reported or tuning");
    }

    /** The --numbers-settings items that are KEY=NUMBER, in order; the first that is not is refused. */
    private List<Map.Entry<String, Float>> items() {
        List<Map.Entry<String, Float>> items = new ArrayList<>();
        if (settings == null || settings.isBlank()) return items;
        for (String pair : settings.split(",")) {
            String[] kv = pair.split("=", 2);
            try {
                float value = Float.parseFloat(kv.length == 2 ? kv[1].trim() : "");
                if (!Float.isFinite(value)) throw new NumberFormatException("not finite");
                items.add(Map.entry(kv[0].trim(), value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--numbers-settings: '" + pair + "' is not KEY=NUMBER");
            }
        }
        return items;
    }

    private NumberReader.PairSettings pairSettings() {
        NumberReader.PairSettings s = NumberReader.PairSettings.DEFAULT;
        for (var item : items()) {
            float v = item.getValue();
            s = switch (item.getKey()) {
                case "pair-min-width" -> new NumberReader.PairSettings(v, s.maxWidth(), s.bonus(), s.whichWeight(), s.splitWeight());
                case "pair-max-width" -> new NumberReader.PairSettings(s.minWidth(), v, s.bonus(), s.whichWeight(), s.splitWeight());
                case "pair-bonus" -> new NumberReader.PairSettings(s.minWidth(), s.maxWidth(), v, s.whichWeight(), s.splitWeight());
                case "pair-which-weight" -> new NumberReader.PairSettings(s.minWidth(), s.maxWidth(), s.bonus(), v, s.splitWeight());
                case "pair-split-weight" -> new NumberReader.PairSettings(s.minWidth(), s.maxWidth(), s.bonus(), s.whichWeight(), v);
                default -> {
                    if (item.getKey().startsWith(PAIR_PREFIX)) throw unknownKey(item.getKey());
                    yield s; // one of the reader's own settings
                }
            };
        }
        return s;
    }

    private NumberReader.Settings settings() {
        NumberReader.Settings s = NumberReader.Settings.DEFAULT;
        for (var item : items()) {
            float v = item.getValue();
            s = switch (item.getKey()) {
                case "digit-bonus" -> new NumberReader.Settings(v, s.cutCost(), s.joinCost(), s.maxWidth(), s.widthCost(), s.minHeight(), s.heightCost());
                case "cut-cost" -> new NumberReader.Settings(s.digitBonus(), v, s.joinCost(), s.maxWidth(), s.widthCost(), s.minHeight(), s.heightCost());
                case "join-cost" -> new NumberReader.Settings(s.digitBonus(), s.cutCost(), v, s.maxWidth(), s.widthCost(), s.minHeight(), s.heightCost());
                case "max-width" -> new NumberReader.Settings(s.digitBonus(), s.cutCost(), s.joinCost(), v, s.widthCost(), s.minHeight(), s.heightCost());
                case "width-cost" -> new NumberReader.Settings(s.digitBonus(), s.cutCost(), s.joinCost(), s.maxWidth(), v, s.minHeight(), s.heightCost());
                case "min-height" -> new NumberReader.Settings(s.digitBonus(), s.cutCost(), s.joinCost(), s.maxWidth(), s.widthCost(), v, s.heightCost());
                case "height-cost" -> new NumberReader.Settings(s.digitBonus(), s.cutCost(), s.joinCost(), s.maxWidth(), s.widthCost(), s.minHeight(), v);
                default -> {
                    if (item.getKey().startsWith(PAIR_PREFIX)) yield s; // the pair settings' (pairSettings checks them)
                    throw unknownKey(item.getKey());
                }
            };
        }
        return s;
    }
}
