package digits.bench.cli;

import digits.bench.PersonalBenchmark;
import digits.bench.TextTable;
import digits.data.HandwritingStyle;
import digits.data.InvalidInputException;
import digits.train.FineTune;
import digits.cli.TrainedModelOptions;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The options and the console table of {@code digits bench --only personal} ({@link PersonalBenchmark}). */
public final class PersonalOptions {
    private static final TextTable TABLE = new TextTable("corrections:11", "held-out style acc:18", "MNIST test acc:14",
            "fine-tune s:11");

    @Option(names = "--personal-model", paramLabel = "DIR", defaultValue = TrainedModelOptions.DEFAULT_DIR,
            description = "personal: the trained model to fine-tune (default: --model-dir when given, else ${DEFAULT-VALUE}, from `digits train`).")
    Path model;

    @Option(names = "--style", paramLabel = "STYLE", defaultValue = "closed-four",
            description = "personal: the handwriting style drawn onto real digits: closed-four (a 4 with its top closed) "
                    + "(default: ${DEFAULT-VALUE}).")
    String style;

    @Option(names = "--corrections", paramLabel = "N", split = ",", defaultValue = "20,50,100",
            description = "personal: numbers of corrections to learn from, each a fine-tune of the model "
                    + "(default: ${DEFAULT-VALUE}).")
    List<Integer> corrections;

    @Option(names = "--held-out", paramLabel = "N", defaultValue = "500",
            description = "personal: styled MNIST test digits that judge each fine-tune (default: ${DEFAULT-VALUE}).")
    int heldOut;

    /** Refuses bad values before any work. */
    HandwritingStyle check() {
        if (!Files.isDirectory(model)) {
            throw new InvalidInputException(model + ": no such model directory (train one with "
                    + "`digits train -o " + model + "`, or give --personal-model DIR)");
        }
        for (int n : corrections) {
            if (n < 1 || n > 5000) throw new IllegalArgumentException("--corrections must be between 1 and 5000, got " + n);
        }
        if (heldOut < 1 || heldOut > 1000) throw new IllegalArgumentException("--held-out must be between 1 and 1000, got " + heldOut);
        try {
            return HandwritingStyle.parse(style);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--style: " + e.getMessage());
        }
    }

    PersonalBenchmark.Result run(PrintWriter out, Consumer<String> progress) {
        HandwritingStyle parsed = check();
        FineTune settings = FineTune.DEFAULTS;
        out.println();
        out.printf(Locale.ROOT, "Personal digits: %s fine-tuned on N corrections in style %s (styled MNIST training "
                        + "digits), judged on %d styled MNIST test digits and the MNIST test set; %d epochs, lr %s, "
                        + "each correction x%d, %d MNIST training digits mixed in%n", model, parsed.label(), heldOut,
                settings.epochs(), settings.learningRate(), settings.repeats(), settings.mnistSample());
        out.flush();
        List<String> rows = new java.util.ArrayList<>();
        PersonalBenchmark.Result result = PersonalBenchmark.run(model, parsed, corrections, heldOut, settings, progress,
                row -> rows.add(TABLE.row(row.corrections(), pct(row.styleAccuracy()), pct(row.mnistAccuracy()),
                        String.format(Locale.ROOT, "%.1f", row.seconds()))));
        out.println(TABLE.header());
        out.println(TABLE.row("0 (base)", pct(result.styleAccuracyBefore()), pct(result.mnistAccuracyBefore()), "-"));
        rows.forEach(out::println);
        out.flush();
        return result;
    }

    private static String pct(double accuracy) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * accuracy);
    }
}
