package digits.cli;

import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.data.HandwritingStyle;
import digits.data.UserDigits;
import digits.model.ModelStore;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code digits finetune} on a real trained model and a person's digits made from real MNIST digits (4s written with
 * a closed top, {@link HandwritingStyle#CLOSED_FOUR}): the person's unseen digits are read better afterwards, the
 * output is a complete model directory, and bad options get their exit codes.
 */
class FinetuneCommandTest {
    private static Path base;
    /** Closed 4s made from MNIST test digits: never trained on in any form. */
    private static Dataset unseen;

    @TempDir
    static Path shared;
    private static Path userData;

    @BeforeAll
    static void setUp() {
        base = TrainedModels.mlp();
        Mnist.Digits test = Mnist.test(3000);
        unseen = HandwritingStyle.CLOSED_FOUR.apply(new Dataset("mnist-test", test.pixels(), test.labels()), 200);
        Mnist.Digits train = Mnist.train(1500);
        Dataset corrections = HandwritingStyle.CLOSED_FOUR.apply(new Dataset("mnist-train", train.pixels(), train.labels()), 100);
        userData = shared.resolve("me");
        try (UserDigits digits = UserDigits.open(userData, 1000)) {
            for (int i = 0; i < corrections.size(); i++) digits.append(corrections.image(i), corrections.label(i));
        }
    }

    private static double accuracyOnUnseen(Path model) {
        try (DigitRecognizer recognizer = DigitRecognizer.load(model)) {
            float[] p = recognizer.probabilities(unseen.pixels());
            int right = 0;
            for (int i = 0; i < unseen.size(); i++) {
                int best = 0;
                for (int c = 1; c < 10; c++) if (p[i * 10 + c] > p[i * 10 + best]) best = c;
                if (best == unseen.label(i)) right++;
            }
            return (double) right / unseen.size();
        }
    }

    @Test
    void thePersonsUnseenDigitsAreReadBetterAfterFineTuning(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("mine");
        CliRun cli = new CliRun();
        assertThat(cli.run("finetune", "--model", base.toString(), "--input", userData.toString(), "-o", out.toString(),
                "--threads", "2")).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("on 80 of your digits, 20 held out").contains("Your held-out digits: ")
                .contains("MNIST test: ").contains("Saved " + out);
        double before = accuracyOnUnseen(base);
        double after = accuracyOnUnseen(out);
        assertThat(after).as("closed 4s read right: %.3f before, %.3f after", before, after)
                .isGreaterThanOrEqualTo(before + 0.2).isGreaterThanOrEqualTo(0.5);
        assertThat(ModelStore.readDescriptor(out).name()).isEqualTo(TrainedModels.MLP + "+personal");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .allMatch(name -> name.equals("model.json") || name.matches("model-[0-9a-f]{16}\\.params")
                            || name.startsWith("history."));
        }
    }

    @Test
    void badOptionsAndInputsGetTheirExitCodesAndOneLine(@TempDir Path tmp) throws Exception {
        CliRun cli = new CliRun();
        Path out = tmp.resolve("out");
        assertThat(cli.run("finetune", "--model", tmp.resolve("nope").toString(), "--input", userData.toString(), "-o",
                out.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("nope: no such model directory");
        assertThat(cli.run("finetune", "--model", base.toString(), "--input", tmp.resolve("none").toString(), "-o",
                out.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("none: no such file");
        Path empty = tmp.resolve("empty");
        UserDigits.open(empty, 10).close();
        assertThat(cli.run("finetune", "--model", base.toString(), "--input", empty.toString(), "-o", out.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("no digits yet");
        assertThat(cli.run("finetune", "--model", base.toString(), "--input", userData.toString(), "-o", out.toString(),
                "--epochs", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("epochs must be at least 1");
        assertThat(cli.run("finetune", "--model", base.toString(), "--input", userData.toString(), "-o", base.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("is the model to start from");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThat(cli.run("finetune", "--model", base.toString(), "--input", userData.toString(), "-o",
                file.resolve("sub").toString())).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(cli.err().lines().filter(l -> l.startsWith("digits: error: ")).count()).isEqualTo(1);
        assertThat(out).doesNotExist();
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
