package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The train, evaluate and predict commands end to end, as a user runs them. */
class TrainCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void trainsEvaluatesAndWritesAKaggleSubmission(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        int code = run("train", "--model", "mlp", "--hidden", "64", "--epochs", "2", "--limit", "6000", "--test", "mnist-test", "--lr", "0.001", "--lr-schedule", "constant",
                "-o", model.toString(), "--threads", "2", "--no-progress");
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains("Model mlp-64: 64-10, 50,890 parameters")
                .contains("Data: mnist-train, 5,400 training and 600 validation images, 10,000 test images")
                .containsPattern("Epoch 1/2 - 43 steps - [0-9.]+s - loss: [0-9.]+ - accuracy: [0-9.]+ - val_loss: [0-9.]+ - val_accuracy: [0-9.]+ - lr: 1.00e-03")
                .contains("Epoch 2/2")
                .contains("precision    recall  f1-score   support")
                .contains("saved " + model);
        assertThat(model.resolve("history.csv")).exists();
        List<String> history = Files.readAllLines(model.resolve("history.csv"));
        assertThat(history).hasSize(3);
        assertThat(history.get(0)).isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds");

        JsonNode descriptor = new ObjectMapper().readTree(model.resolve("model.json").toFile());
        assertThat(descriptor.get("architecture").asText()).isEqualTo("64-10");
        assertThat(descriptor.get("parameters").asLong()).isEqualTo(50_890);
        double testAccuracy = descriptor.get("metrics").get("test_accuracy").asDouble();
        assertThat(testAccuracy).isGreaterThan(0.85);
        assertThat(descriptor.get("training").get("optimizer").asText()).isEqualTo("adam");
        assertThat(descriptor.get("versions").get("djl").asText()).isEqualTo("0.35.1");

        assertThat(run("evaluate", "--model", model.toString(), "--input", "mnist-test")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", testAccuracy))
                .contains("Most confidently wrong:");

        Path testCsv = tmp.resolve("test.csv");
        KaggleCsvWriter.writeTest(testCsv, MnistFiles.test().head(25));
        Path submission = tmp.resolve("submission.csv");
        Path probabilities = tmp.resolve("probs.csv");
        assertThat(run("predict", "--model", model.toString(), "--input", testCsv.toString(), "--output", submission.toString(),
                "--probabilities", probabilities.toString())).isEqualTo(ExitCodes.OK);
        List<String> rows = Files.readAllLines(submission);
        assertThat(rows).hasSize(26);
        assertThat(rows.get(0)).isEqualTo("ImageId,Label");
        for (int i = 1; i <= 25; i++) assertThat(rows.get(i)).matches(i + ",[0-9]");
        long right = java.util.stream.IntStream.range(0, 25)
                .filter(i -> rows.get(i + 1).endsWith("," + MnistFiles.test().label(i))).count();
        assertThat(right).isGreaterThanOrEqualTo(21);
        assertThat(Files.readAllLines(probabilities).get(0)).isEqualTo("ImageId,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9");
    }

    @Test
    void badOptionsExitWithTwoAndOneLine(@TempDir Path tmp) {
        assertThat(run("train", "--model", "resnet", "-o", tmp.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).startsWith("digits: error: unknown model 'resnet'");
        assertThat(run("train", "--optimizer", "adagrad", "-o", tmp.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--optimizer must be one of adam, adamw, sgd, rmsprop, got adagrad");
        assertThat(run("train", "--lr-schedule", "step:0", "-o", tmp.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().lines().count()).isEqualTo(1);
        assertThat(run("train", "--input", tmp.resolve("missing.csv").toString(), "-o", tmp.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("missing.csv").contains("no such file");
        assertThat(run("evaluate", "--model", tmp.resolve("nothing").toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("digits: error: " + tmp.resolve("nothing") + ": no such model directory");
    }

    @Test
    void summaryPrintsTheKerasTable() {
        assertThat(run("summary", "--model", "deep-cnn")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Total params: 5,259,594").contains("Architecture: 64C3-64C3-P-128C3-256C3valid-P-512-D.5-256-D.5-10");
    }
}
