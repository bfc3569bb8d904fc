package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import digits.api.DigitClassifier;
import digits.api.DigitRecognizer;
import digits.data.UserDigits;
import digits.serve.Corrections;
import digits.serve.Learner;
import digits.serve.ModelInfo;
import digits.serve.SwappableClassifier;
import digits.train.FineTune;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code serve}'s options for learning a person's digits: where corrections are saved, and fine-tuning on them. */
public final class LearnOptions {
    @Option(names = "--user-data", paramLabel = "DIR",
            description = {"Save the digits the page corrects (drawing and right label) into DIR/"
                    + UserDigits.FILE + " (Kaggle CSV, append-only; POST /api/correct). Without it nothing is saved."})
    Path userData;

    @Option(names = "--max-user-digits", paramLabel = "N", defaultValue = "" + UserDigits.DEFAULT_MAX,
            description = "Most digits --user-data keeps; past that, corrections are refused (default: ${DEFAULT-VALUE}).")
    int maxDigits;

    @Option(names = "--learn",
            description = "With --user-data: fine-tune the model on the saved digits in the background and let the "
                    + "new model answer when it gets more of your held-out digits right and stays within 0.1 point on "
                    + "the MNIST test set.")
    boolean learn;

    @Option(names = "--learn-every", paramLabel = "N", defaultValue = "10",
            description = "With --learn: fine-tune after every N new digits (default: ${DEFAULT-VALUE}).")
    int every;

    /** What serving with these options holds open: the data set, the learner, the model (closed in reverse). */
    public record Session(DigitClassifier classifier, JsonNode info, UserDigits digits, Learner learner,
                          SwappableClassifier swappable, Corrections corrections) implements AutoCloseable {
        void describe(PrintWriter out) {
            if (digits == null) return;
            out.println("Saving corrections into " + digits.file() + " (" + digits.size() + " of at most " + digits.max()
                    + " digits so far)" + (learner == null ? "" : "; learning from them every " + learner.every()
                    + " new digits"));
        }

        @Override
        public void close() {
            try {
                if (learner != null) learner.close();
            } finally {
                try {
                    if (digits != null) digits.close();
                } finally {
                    classifier.close();
                }
            }
        }
    }

    /** Refuses bad combinations before anything is loaded. */
    void check(CommandLine.Model.CommandSpec spec, TrainedModelOptions model) {
        if (learn && userData == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--learn needs --user-data DIR (where the digits are)");
        }
        if (learn && model.dirs().size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--learn fine-tunes one model: give one --model DIR");
        }
        if (maxDigits < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-user-digits must be at least 1, got " + maxDigits);
        }
        if (every < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--learn-every must be at least 1, got " + every);
        }
    }

    /** Opens the data set (first: a bad file is refused before the model loads), the model and the learner. */
    Session open(TrainedModelOptions model, PrintWriter out) {
        UserDigits digits = userData == null ? null : UserDigits.open(userData, maxDigits);
        try {
            DigitRecognizer recognizer = model.load();
            if (!learn) {
                Corrections corrections = digits == null ? null : new Corrections(digits, null);
                return new Session(recognizer, ModelInfo.of(recognizer), digits, null, null, corrections);
            }
            SwappableClassifier swappable = new SwappableClassifier(recognizer);
            try {
                Learner learner = new Learner(model.dirs().get(0), digits, swappable, FineTune.DEFAULTS, every, line -> {
                    out.println(line);
                    out.flush();
                });
                return new Session(swappable, swappable.info(), digits, learner, swappable, new Corrections(digits, learner));
            } catch (RuntimeException e) {
                swappable.close();
                throw e;
            }
        } catch (RuntimeException e) {
            if (digits != null) digits.close();
            throw e;
        }
    }
}
