package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.Prediction;
import digits.data.Dataset;
import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import digits.eval.Evaluation;
import digits.model.Models;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits ensemble}, and evaluate / predict / the library on an ensemble directory, as a user runs them. */
class EnsembleCommandTest {
    @TempDir
    static Path tmp;
    static Path ensemble;
    static String trainOutput;
    static final ObjectMapper JSON = new ObjectMapper();

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    static final String[] MEMBER_OPTIONS = {"--model", "mlp", "--hidden", "32", "--epochs", "1", "--limit", "5000", "--batch-size", "32",
            "--threads", "2", "--no-progress"};

    @BeforeAll
    static void trainEnsemble() {
        ensemble = tmp.resolve("ens");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(args(List.of("ensemble", "--members", "3", "-o", ensemble.toString()), MEMBER_OPTIONS),
                new PrintWriter(o, true), new PrintWriter(e, true));
        assertThat(code).as(e.toString()).isEqualTo(ExitCodes.OK);
        trainOutput = o.toString();
    }

    static String[] args(List<String> first, String... more) {
        return java.util.stream.Stream.concat(first.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    static JsonNode json(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    @Test
    void trainsMembersWithConsecutiveSeedsAndReportsEachAndTheEnsemble() throws Exception {
        assertThat(trainOutput)
                .contains("Ensemble of 3 x mlp-32: 32-10, 25,450 parameters each; seeds 42 to 44")
                .contains("Data: mnist-train, 4,500 training and 500 validation images, 10,000 test images; 2 threads")
                .contains("Member 1/3 (seed 42)").contains("Member 3/3 (seed 44)")
                .containsPattern("Epoch 1/1 - 141 steps")
                .contains("Test (mnist-test, 10,000 images):")
                .containsPattern("member-2 +43 +0\\.[0-9]{4} +[0-9.]+ +0\\.[0-9]{4}")
                .containsPattern("mean of members +0\\.[0-9]{4}")
                .containsPattern("ensemble +[0-9.]+ +0\\.[0-9]{4}")
                .contains("Saved ensemble mlp-32-x3 (3 members) to " + ensemble);

        JsonNode descriptor = json(ensemble.resolve("ensemble.json"));
        assertThat(descriptor.get("format").asText()).isEqualTo("digits-ensemble");
        assertThat(descriptor.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(descriptor.get("rule").asText()).isEqualTo("mean-probability");
        assertThat(descriptor.get("members").findValuesAsText("path")).containsExactly("member-1", "member-2", "member-3");
        double ensembleAccuracy = descriptor.get("metrics").get("test_accuracy").asDouble();
        double meanAccuracy = descriptor.get("metrics").get("member_mean_test_accuracy").asDouble();
        double sum = 0;
        for (int i = 1; i <= 3; i++) {
            JsonNode member = json(ensemble.resolve("member-" + i).resolve("model.json"));
            assertThat(member.get("training").get("seed").asLong()).isEqualTo(41 + i);
            assertThat(member.get("architecture").asText()).isEqualTo("32-10");
            assertThat(ensemble.resolve("member-" + i).resolve("history.csv")).exists();
            double accuracy = member.get("metrics").get("test_accuracy").asDouble();
            assertThat(trainOutput).containsPattern("member-" + i + " +" + (41 + i) + " .* " + String.format(Locale.ROOT, "%.4f", accuracy));
            sum += accuracy;
        }
        assertThat(meanAccuracy).isCloseTo(sum / 3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(meanAccuracy).isGreaterThan(0.80);
        assertThat(ensembleAccuracy).isGreaterThanOrEqualTo(meanAccuracy);

        // The saved ensemble reproduces the accuracy reported at training time.
        Dataset test = MnistFiles.test();
        try (Models.Loaded loaded = Models.load(ensemble)) {
            assertThat(Evaluation.of(test.labels(), loaded.model().probabilities(test)).accuracy()).isEqualTo(ensembleAccuracy);
        }
    }

    @Test
    void aMemberIsTheModelThatTrainWouldMakeWithItsSeed() throws Exception {
        Path single = tmp.resolve("single-seed-43");
        assertThat(run(args(List.of("train", "--seed", "43", "--test", "none", "-o", single.toString()), MEMBER_OPTIONS)))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(json(single.resolve("model.json")).get("paramsSha256").asText())
                .isEqualTo(json(ensemble.resolve("member-2").resolve("model.json")).get("paramsSha256").asText());
    }

    @Test
    void evaluateAndPredictTakeAnEnsembleDirectory() throws Exception {
        double accuracy = json(ensemble.resolve("ensemble.json")).get("metrics").get("test_accuracy").asDouble();
        assertThat(run("evaluate", "--model", ensemble.toString(), "--threads", "2")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Model mlp-32-x3 (ensemble: 3 x 32-10) on mnist-test, 10,000 images")
                .contains(String.format(Locale.ROOT, "accuracy %.4f", accuracy));

        Path testCsv = tmp.resolve("test-25.csv");
        KaggleCsvWriter.writeTest(testCsv, MnistFiles.test().head(25));
        Path submission = tmp.resolve("ensemble-submission.csv");
        assertThat(run("predict", "--model", ensemble.toString(), "--input", testCsv.toString(), "-o", submission.toString(), "--tta"))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        List<String> rows = Files.readAllLines(submission);
        assertThat(rows).hasSize(26).first().isEqualTo("ImageId,Label");
        long right = java.util.stream.IntStream.range(0, 25).filter(i -> rows.get(i + 1).equals((i + 1) + "," + MnistFiles.test().label(i))).count();
        assertThat(right).isGreaterThanOrEqualTo(20);
    }

    @Test
    void evaluateWithTestTimeAugmentationSaysSo() {
        Path member = ensemble.resolve("member-1");
        assertThat(run("evaluate", "--model", member.toString(), "--tta", "--tta-shifts", "4", "--errors", "0", "--threads", "2"))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        // Trained without --augment: the shifts alone by default.
        assertThat(out.toString()).contains("Model mlp-32 (32-10) with test-time augmentation (4 one-pixel shifts) on mnist-test, 10,000 images");
        assertThat(run("evaluate", "--model", member.toString(), "--tta", "--tta-rotations", "3", "--tta-zooms", "none",
                "--errors", "0", "--threads", "2")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Model mlp-32 (32-10) with test-time augmentation (8 one-pixel shifts, rotations of ±3 "
                + "degrees) on mnist-test");
        assertThat(run("evaluate", "--model", member.toString(), "--tta", "--tta-shifts", "9")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("digits: error: test-time augmentation takes 0 to 8 shifts, got 9");
        // Checked without --tta too: a typo in an option never passes unnoticed.
        assertThat(run("evaluate", "--model", member.toString(), "--tta-rotations", "40")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip())
                .isEqualTo("digits: error: test-time rotations must be above 0 and at most 30 degrees, got 40");
    }

    @Test
    void ttaAddsTurnsAndZoomsOnlyWhenEveryModelWasTrainedWithAugmentation() {
        Path augmented = tmp.resolve("augmented");
        assertThat(run(args(List.of("train", "--augment", "default", "-o", augmented.toString()), MEMBER_OPTIONS)))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run("evaluate", "--model", augmented.toString(), "--tta", "--tta-shifts", "4", "--errors", "0", "--threads", "2"))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("with test-time augmentation (4 one-pixel shifts, rotations of ±3 and ±6 degrees, "
                + "zooms of ±0.05 and ±0.1) on mnist-test");
        // Together with a model trained without augmentation: the shifts alone, which suit both.
        assertThat(run("evaluate", "--model", augmented.toString(), "--model", ensemble.resolve("member-1").toString(), "--tta",
                "--errors", "0", "--threads", "2")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("with test-time augmentation (8 one-pixel shifts) on mnist-test");
    }

    @Test
    void combineCopiesModelsInOrUsesThoseAlreadyInside() throws Exception {
        Path combined = tmp.resolve("combined");
        assertThat(run("ensemble", "--combine", ensemble.resolve("member-1").toString(), ensemble.resolve("member-3").toString(),
                "-o", combined.toString(), "--threads", "2")).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("member-1 <- " + ensemble.resolve("member-1") + " (mlp-32, 32-10)")
                .containsPattern("member-2 +44 +0\\.[0-9]{4}")
                .contains("Saved ensemble mlp-32-x2 (2 members) to " + combined);
        for (String file : List.of("model.json", "history.csv", "history.json")) {
            assertThat(Files.readAllBytes(combined.resolve("member-2").resolve(file)))
                    .isEqualTo(Files.readAllBytes(ensemble.resolve("member-3").resolve(file)));
        }

        // A model already inside the output directory stays where it is; the copy takes the next free name.
        Path mixed = tmp.resolve("mixed");
        Path inside = mixed.resolve("cnn-like");
        assertThat(run(args(List.of("train", "--seed", "7", "--test", "none", "-o", inside.toString()), MEMBER_OPTIONS)))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(run("ensemble", "--combine", inside.toString(), ensemble.resolve("member-2").toString(), "--weights", "2,1",
                "--test", "none", "-o", mixed.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("cnn-like = " + inside).contains("member-2 <- " + ensemble.resolve("member-2"))
                .doesNotContain("Test (");
        JsonNode members = json(mixed.resolve("ensemble.json")).get("members");
        assertThat(members.toString()).isEqualTo("[{\"path\":\"cnn-like\",\"weight\":2.0},{\"path\":\"member-2\",\"weight\":1.0}]");
        try (Models.Loaded loaded = Models.load(mixed)) {
            assertThat(loaded.members()).extracting(d -> d.training().get("seed")).containsExactly(7, 43);
        }
    }

    @Test
    void trainingAgainReplacesAnOlderEnsembleInTheSameDirectory() throws Exception {
        Path dir = tmp.resolve("again");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("ensemble.json"), "{\"format\":\"digits-ensemble\",\"formatVersion\":1,"
                + "\"members\":[{\"path\":\"member-1\"},{\"path\":\"member-2\"},{\"path\":\"member-3\"}]}");
        assertThat(run("ensemble", "--members", "2", "--model", "logistic", "--epochs", "1", "--limit", "300", "--test", "none",
                "--threads", "2", "--no-progress", "-o", dir.toString())).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).doesNotContain("Test (").contains("Saved ensemble logistic-x2 (2 members) to " + dir);
        JsonNode descriptor = json(dir.resolve("ensemble.json"));
        assertThat(descriptor.get("members").findValuesAsText("path")).containsExactly("member-1", "member-2");
        assertThat(descriptor.has("metrics")).isFalse();
        try (Models.Loaded loaded = Models.load(dir)) {
            assertThat(loaded.members()).extracting(d -> d.training().get("seed")).containsExactly(42, 43);
        }
    }

    @Test
    void theLibraryLoadsAnEnsembleLikeAModel() {
        Dataset few = MnistFiles.test().head(20);
        try (DigitRecognizer recognizer = DigitRecognizer.load(ensemble); Models.Loaded loaded = Models.load(ensemble)) {
            float[] expected = loaded.model().probabilities(few);
            List<Prediction> predictions = recognizer.predictBatch(java.util.stream.IntStream.range(0, 20).mapToObj(few::image).toList());
            for (int i = 0; i < 20; i++) {
                assertThat(predictions.get(i).probabilities()).isEqualTo(java.util.Arrays.copyOfRange(expected, i * 10, i * 10 + 10));
            }
            assertThat(recognizer.modelId()).matches("mlp-32-x3@[0-9a-f]{12}");
            assertThat(recognizer.description().architecture()).isEqualTo("ensemble: 3 x 32-10");
        }
        try (DigitRecognizer tta = DigitRecognizer.load(ensemble, 8)) {
            assertThat(tta.modelId()).endsWith("+tta8");
            assertThat(tta.predict(few.image(0)).label()).isEqualTo(few.label(0));
        }
    }

    @Test
    void diverseMembersAreChosenAndWeightedOnImagesNoMemberTrainedOn() throws Exception {
        Path diverse = tmp.resolve("diverse");
        assertThat(run(args(List.of("ensemble", "--member", "hidden=64", "--member", "model=logistic",
                "--member", "hidden=32,augment=default", "--select", "4", "-o", diverse.toString()), MEMBER_OPTIONS)))
                .as(err.toString()).isEqualTo(ExitCodes.OK);
        String text = out.toString();
        assertThat(text).contains("Member 2/3 (seed 43, model=logistic)", "500 held out to choose members on",
                "Choosing on 500 held-out images (4 rounds):", "all, equally", "chosen");
        assertThat(json(diverse.resolve("member-2/model.json")).get("name").asText()).isEqualTo("logistic");
        assertThat(json(diverse.resolve("member-1/model.json")).get("architecture").asText()).contains("64");

        JsonNode written = json(diverse.resolve("ensemble.json"));
        double weights = 0;
        for (JsonNode member : written.get("members")) {
            assertThat(member.get("path").asText()).matches("member-[123]");
            assertThat(member.get("weight").asDouble()).isGreaterThanOrEqualTo(1.0);
            weights += member.get("weight").asDouble();
        }
        assertThat(weights).isEqualTo(4.0);
        int kept = written.get("members").size();
        assertThat(text).contains("(" + kept + (kept == 1 ? " member) to " : " members) to ") + diverse);
        assertThat(written.get("metrics").get("test_accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(run("evaluate", "--model", diverse.toString(), "--threads", "2")).as(err.toString()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void badRequestsExitWithTwoAndOneLine() throws Exception {
        String m1 = ensemble.resolve("member-1").toString();
        String m2 = ensemble.resolve("member-2").toString();
        Path fresh = tmp.resolve("never-written");
        expectBadInput("--epochs is a training option: it has no effect with --combine",
                "ensemble", "--combine", m1, m2, "--epochs", "3", "-o", fresh.toString());
        expectBadInput("--members must be at least 2, got 1", "ensemble", "--members", "1", "-o", fresh.toString());
        expectBadInput("--member must be given at least twice, got 1", "ensemble", "--member", "hidden=64", "-o", fresh.toString());
        expectBadInput("--members 3 but 2 --member settings: give one of them",
                "ensemble", "--members", "3", "--member", "hidden=64", "--member", "hidden=32", "-o", fresh.toString());
        expectBadInput("--member 'hiden=64': unknown key 'hiden' (known: " + String.join(", ", digits.train.TrainingSettings.keys()) + ")",
                "ensemble", "--member", "hiden=64", "--member", "hidden=32", "-o", fresh.toString());
        expectBadInput("--weights and --select both set the weights: give one",
                "ensemble", "--members", "2", "--weights", "1,2", "--select", "3", "-o", fresh.toString());
        expectBadInput("--select must be between 1 and 1000 rounds, got 2000000000",
                "ensemble", "--members", "2", "--select", "2000000000", "-o", fresh.toString());
        expectBadInput("--select-split must be between 0 and 1, got 1.0",
                "ensemble", "--members", "2", "--select", "3", "--select-split", "1", "-o", fresh.toString());
        expectBadInput("--weights lists 2 weights for 3 members", "ensemble", "--members", "3", "--weights", "1,2", "-o", fresh.toString());
        expectBadInput("--combine needs at least 2 model directories, got 1", "ensemble", "--combine", m1, "-o", fresh.toString());
        expectBadInput("--output is required with --combine (the ensemble directory to write)", "ensemble", "--combine", m1, m2);
        expectBadInput("--combine lists " + m1 + " twice", "ensemble", "--combine", m1, m1, "-o", fresh.toString());
        expectBadInput(ensemble + " already holds an ensemble; choose another --output or remove it",
                "ensemble", "--combine", m1, m2, "-o", ensemble.toString());
        expectBadInput(m1 + " is a model directory; an ensemble needs a directory of its own (choose another --output)",
                "ensemble", "--members", "2", "-o", m1);
        expectBadInput(tmp.resolve("nothing") + ": not a model directory (no such directory)",
                "ensemble", "--combine", m1, tmp.resolve("nothing").toString(), "-o", fresh.toString());
        assertThat(fresh).doesNotExist();

        Path escaping = tmp.resolve("escaping");
        Files.createDirectories(escaping);
        Files.writeString(escaping.resolve("ensemble.json"), "{\"format\":\"digits-ensemble\",\"formatVersion\":1,"
                + "\"members\":[{\"path\":\"../ens/member-1\"}]}");
        expectBadInput(escaping.resolve("ensemble.json") + ": member 1: path '../ens/member-1' must name a directory inside the "
                + "ensemble directory (no '..', no absolute path)", "evaluate", "--model", escaping.toString());
    }

    void expectBadInput(String message, String... args) {
        assertThat(run(args)).as(String.join(" ", args) + "\n" + err).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("digits: error: " + message + System.lineSeparator());
    }
}
