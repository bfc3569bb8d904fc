package digits.cli;

import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import digits.testing.TrainedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every exit code of {@link ExitCodes}, from real runs of the command line (real MNIST rows, real trainings), each with
 * its one line on stderr. (130, Ctrl-C during training, needs a signal to a child JVM: see ResumeTest.)
 */
class ExitCodesTest {
    private final CliRun cli = new CliRun();

    @Test
    void okIsZero() {
        assertThat(cli.run("summary", "--model", "logistic")).as(cli.err()).isEqualTo(ExitCodes.OK).isZero();
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void aMalformedCsvMadeOfRealDigitsIsBadInput(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("train.csv");
        KaggleCsvWriter.writeTrain(csv, MnistFiles.test().head(5));
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] cells = lines.get(2).split(",", -1);
        cells[101] = "abc";
        lines.set(2, String.join(",", cells));
        Files.write(csv, lines);

        assertThat(cli.run("train", "--input", csv.toString(), "--no-progress", "-o", dir.resolve("model").toString()))
                .isEqualTo(ExitCodes.BAD_INPUT).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("digits: error: " + csv + ":3: column pixel100: 'abc' is not an integer\n");
    }

    @Test
    void aBadOptionValueIsBadInput(@TempDir Path dir) {
        assertThat(cli.run("train", "--epochs", "0", "-o", dir.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: --epochs must be at least 1, got 0\n");
    }

    /** Picocli's complaint on one line and where to read about the options, instead of dozens of lines of usage. */
    @Test
    void optionParsingErrorsAreBadInputInTwoLines() {
        expectParsingError(List.of("evaluate", "--errors", "many"),
                "Invalid value for option '--errors': 'many' is not an int", "digits evaluate");
        expectParsingError(List.of("train", "--epochs"),
                "Missing required parameter for option '--epochs' (N)", "digits train");
        expectParsingError(List.of("score", "--submission", "s.csv"), "Missing required option: '--solution=FILE'", "digits score");
        expectParsingError(List.of("trian"), "Unmatched argument at index 0: 'trian' (did you mean train?)", "digits");
        // thrown by the command itself once the options are parsed: the same two lines
        expectParsingError(List.of("serve", "--port", "70000"), "--port must be in 0..65535, got 70000", "digits serve");

        assertThat(cli.run("train", "--epoch", "3")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().lines().toList()).hasSize(2);
        assertThat(cli.err()).startsWith("digits: error: Unknown option").contains("'--epoch'").contains("did you mean --epochs")
                .endsWith("\nsee 'digits train --help'\n");
        assertThat(cli.out()).isEmpty();
    }

    private void expectParsingError(List<String> args, String message, String command) {
        assertThat(cli.run(args.toArray(String[]::new))).as("%s", args).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).as("%s", args).isEqualTo("digits: error: " + message + "\nsee '" + command + " --help'\n");
        assertThat(cli.out()).as("%s: no usage text", args).isEmpty();
    }

    /** A regular file where a directory must be: even root cannot write below it. */
    @Test
    void anOutputThatCannotBeWrittenIsThree(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "not a directory\n");

        assertThat(cli.run("export-csv", "--limit", "5", "-o", file.resolve("csv").toString()))
                .isEqualTo(ExitCodes.CANNOT_WRITE).isEqualTo(3);
        // refused before anything is read: the directory named by -o can't be made
        assertThat(cli.err()).isEqualTo("digits: error: cannot write " + file.resolve("csv") + ": " + file
                + " is a file, not a directory\n");

        // A training whose model directory can't be made is refused before any data is read or any epoch runs.
        Path model = file.resolve("model");
        assertThat(cli.run("train", "--model", "logistic", "--limit", "300", "--epochs", "1", "--test", "none",
                "--threads", "2", "--no-progress", "-o", model.toString())).as(cli.err()).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(cli.err()).isEqualTo("digits: error: cannot write " + model + ": " + file + " is a file, not a directory\n");
        assertThat(cli.out()).doesNotContain("Epoch");

        // A submission whose name is taken by a directory: the data and the model are fine.
        Path test = dir.resolve("test.csv");
        KaggleCsvWriter.writeTest(test, MnistFiles.test().head(5));
        Path taken = Files.createDirectory(dir.resolve("submission.csv"));
        assertThat(cli.run("predict", "--model", TrainedModel.directory().toString(), "--input", test.toString(),
                "-o", taken.toString())).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(cli.err()).isEqualTo("digits: error: cannot write " + taken + ": is a directory, not a file\n");
    }

    /** An absurd learning rate on a few hundred real digits: the loss turns NaN within a few steps, and nothing is saved. */
    @Test
    void aDivergedTrainingIsFour(@TempDir Path dir) {
        Path model = dir.resolve("model");
        assertThat(cli.run("train", "--model", "mlp", "--hidden", "16", "--lr", "1e30", "--limit", "300", "--epochs", "1",
                "--test", "none", "--threads", "2", "--no-progress", "-o", model.toString()))
                .as(cli.err()).isEqualTo(ExitCodes.TRAINING_DIVERGED).isEqualTo(4);
        // The library's message names no option; the tool adds its own.
        assertThat(cli.err()).matches("digits: error: training diverged \\(loss is (NaN|-?Infinity) at epoch 1, step \\d+\\): "
                + "a lower learning rate usually helps \\(--lr\\)\n");
        assertThat(model.resolve("model.json")).doesNotExist();
    }

    /** A fault of the tool itself (here a command that fails as a bug would): two lines, the second on the stack trace. */
    @Test
    void anInternalErrorIsOne() {
        assumeTrue(System.getenv("DIGITS_DEBUG") == null, "DIGITS_DEBUG prints the stack trace");
        CommandLine line = Main.commandLine();
        line.addSubcommand("explode", new Explode());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        assertThat(line.execute("explode")).isEqualTo(ExitCodes.FAILURE).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("digits: internal error: java.lang.IllegalStateException: a bug\n"
                + "(set DIGITS_DEBUG=1 for the stack trace)\n");
    }

    @CommandLine.Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }
}
