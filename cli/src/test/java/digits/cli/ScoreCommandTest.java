package digits.cli;

import digits.data.Dataset;
import digits.eval.ClassificationReport;
import digits.eval.ConfusionMatrix;
import digits.eval.Probabilities;
import digits.eval.SubmissionWriter;
import digits.testdata.MnistSample;
import digits.testdata.NearestMeanClassifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreCommandTest {
    @TempDir
    Path dir;
    Path solution;
    Path submission;
    int[] truth;
    int[] predicted;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void realSubmission() {
        // the true labels of 500 real test digits, and a nearest-class-mean classifier's answers for them
        Dataset test = MnistSample.test(500);
        truth = test.labels();
        predicted = Probabilities.argmax(new NearestMeanClassifier(MnistSample.train(2000)).probabilities(test));
        solution = dir.resolve("test_labels.csv");
        submission = dir.resolve("submission.csv");
        SubmissionWriter.writeSubmission(solution, truth);
        SubmissionWriter.writeSubmission(submission, predicted);
    }

    /** One run; {@code out} and {@code err} then hold its output only. */
    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void printsAccuracyReportAndConfusionMatrix() {
        int code = run("score", "--submission", submission.toString(), "--solution", solution.toString());
        assertThat(code).isEqualTo(ExitCodes.OK);
        ConfusionMatrix confusion = ConfusionMatrix.of(truth, predicted);
        assertThat(confusion.accuracy()).isBetween(0.7, 0.9);
        String expectedFirstLine = String.format(java.util.Locale.ROOT, "accuracy %.4f (%d/500 correct)",
                confusion.accuracy(), confusion.correct());
        assertThat(out.toString())
                .startsWith(expectedFirstLine + "\n\n")
                .contains(ClassificationReport.of(confusion).format(4))
                .endsWith(confusion.format());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void perfectSubmissionScoresOne() {
        int code = run("score", "--submission", solution.toString(), "--solution", solution.toString(), "--digits", "2");
        assertThat(code).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).startsWith("accuracy 1.00 (500/500 correct)\n").contains("    accuracy                           1.00       500\n");
    }

    @Test
    void rowCountMismatchIsBadInput() {
        SubmissionWriter.writeSubmission(submission, java.util.Arrays.copyOf(predicted, 499));
        int code = run("score", "--submission", submission.toString(), "--solution", solution.toString());
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("digits: error: " + submission + ": 499 rows, but the solution " + solution
                + " has 500 (no row for ImageId 500)\n");
        assertThat(out.toString()).isEmpty();
    }

    /** The rows of a submission file (ImageId,Label for ImageIds 1..n) in an order shuffled by {@code seed}. */
    private static void writeShuffled(Path file, int[] labels, long seed) throws IOException {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) rows.add((i + 1) + "," + labels[i]);
        Collections.shuffle(rows, new Random(seed));
        rows.add(0, "ImageId,Label");
        Files.write(file, rows);
    }

    @Test
    void shuffledRowsScoreAsTheOrderedOnes() throws IOException {
        assertThat(run("score", "--submission", submission.toString(), "--solution", solution.toString())).isEqualTo(ExitCodes.OK);
        String ordered = out.toString();

        Path shuffledSubmission = dir.resolve("shuffled-submission.csv");
        Path shuffledSolution = dir.resolve("shuffled-solution.csv");
        writeShuffled(shuffledSubmission, predicted, 1);
        writeShuffled(shuffledSolution, truth, 2);
        assertThat(Files.readAllLines(shuffledSubmission).subList(1, 4)).isNotEqualTo(List.of("1," + predicted[0], "2," + predicted[1], "3," + predicted[2]));
        int code = run("score", "--submission", shuffledSubmission.toString(), "--solution", shuffledSolution.toString());
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).isEqualTo(ordered);
        assertThat(ordered).startsWith(String.format(java.util.Locale.ROOT, "accuracy %.4f (%d/500 correct)",
                ConfusionMatrix.of(truth, predicted).accuracy(), ConfusionMatrix.of(truth, predicted).correct()));
    }

    @Test
    void repeatedMissingOrForeignImageIdsAreBadInputNamingTheLine() throws IOException {
        writeShuffled(submission, predicted, 3);
        List<String> rows = new ArrayList<>(Files.readAllLines(submission));
        String idOnLine10 = rows.get(9).split(",")[0];
        String idOnLine21 = rows.get(20).split(",")[0];
        rows.set(20, idOnLine10 + ",4");
        Files.write(submission, rows);
        assertThat(run("score", "--submission", submission.toString(), "--solution", solution.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("digits: error: " + submission + ":21: ImageId " + idOnLine10
                + " appears twice (also on line 10)\n");

        rows.set(20, "501,4");
        Files.write(submission, rows);
        assertThat(run("score", "--submission", submission.toString(), "--solution", solution.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("digits: error: " + submission + ":21: ImageId 501 is outside 1-500, the ImageIds of the solution "
                + solution + "\n");

        rows.remove(20);
        Files.write(submission, rows);
        assertThat(run("score", "--submission", submission.toString(), "--solution", solution.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("digits: error: " + submission + ": 499 rows, but the solution " + solution
                + " has 500 (no row for ImageId " + idOnLine21 + ")\n");
    }

    @Test
    void malformedSubmissionIsBadInputNamingFileAndLine() throws IOException {
        Files.writeString(submission, "ImageId,Label\n1,3\n2,x\n");
        int code = run("score", "--submission", submission.toString(), "--solution", solution.toString());
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("digits: error: " + submission + ":3: Label must be a digit 0-9, found \"x\"\n");
    }

    @Test
    void missingFileAndMissingOptionAreBadInput() {
        assertThat(run("score", "--submission", dir.resolve("none.csv").toString(), "--solution", solution.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("none.csv: no such file");
        assertThat(run("score", "--submission", submission.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("Missing required option: '--solution=FILE'");
        assertThat(run("score", "--submission", submission.toString(), "--solution", solution.toString(), "--digits", "0"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--digits must be between 1 and 10, got 0");
    }
}
