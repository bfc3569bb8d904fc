package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.Prediction;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.mnistGray;
import static digits.testing.DigitImages.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code digits predict} on image files and folders, and on a data set, with a real trained MLP. */
class PredictCommandTest {
    private static Path model;
    private static DigitRecognizer recognizer;
    private static Mnist.Digits digits;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void train() {
        model = TrainedModels.mlp();
        recognizer = DigitRecognizer.load(model);
        digits = Mnist.test(12);
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    private int run(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** A folder with MNIST test digits as a person might have them: gray PNG, big dark-on-light JPEG, BMP. */
    private static List<Path> writeDigits(Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            float[] pixels = digits.image(i);
            Path file;
            switch (i % 3) {
                case 0 -> Files.write(file = dir.resolve("digit-" + i + ".png"), encode(mnistGray(pixels), "png"));
                case 1 -> Files.write(file = dir.resolve("digit-" + i + ".JPG"), encode(render(pixels, 200, 260, 10, 20, 6, true), "jpeg"));
                default -> Files.write(file = dir.resolve("digit-" + i + ".bmp"), encode(render(pixels, 84, 84, 0, 0, 3, false), "bmp"));
            }
            files.add(file);
        }
        Files.writeString(dir.resolve("README.txt"), "not an image: folders contribute only their image files");
        return files;
    }

    @Test
    void printsATableOfLabelsAndProbabilitiesForFilesAndFolders(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("scans"));
        List<Path> files = writeDigits(folder);
        Path single = dir.resolve("seven.png");
        Files.write(single, encode(render(digits.image(0), 120, 120, 10, 5, 4, true), "png"));

        assertThat(run("predict", "--model", model.toString(), single.toString(), folder.toString())).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).isEmpty();
        String[] lines = out.toString().split("\\R");
        assertThat(lines).hasSize(1 + 1 + files.size());
        assertThat(lines[0]).matches("file\\s+label  confidence(\\s+p\\d){10}");

        List<Path> expectedOrder = new ArrayList<>();
        expectedOrder.add(single);
        expectedOrder.addAll(files.stream().sorted().toList());
        int correct = 0;
        for (int i = 0; i < expectedOrder.size(); i++) {
            Path file = expectedOrder.get(i);
            String[] cells = lines[i + 1].trim().split("\\s+");
            assertThat(cells[0]).isEqualTo(file.toString());
            Prediction direct = recognizer.predict(file);
            assertThat(Integer.parseInt(cells[1])).isEqualTo(direct.label());
            assertThat(cells[2]).isEqualTo(String.format(Locale.ROOT, "%.4f", direct.confidence()));
            assertThat(cells).hasSize(13);
            for (int d = 0; d < 10; d++) {
                assertThat(Double.parseDouble(cells[3 + d])).isCloseTo(direct.probabilities()[d], within(1e-4));
            }
            int index = i == 0 ? 0 : Integer.parseInt(file.getFileName().toString().replaceAll("\\D", ""));
            if (direct.label() == digits.labels()[index]) correct++;
        }
        assertThat(correct).as("files read right of %d", expectedOrder.size()).isGreaterThanOrEqualTo(expectedOrder.size() - 1);
    }

    @Test
    void jsonIsAnArrayWithOneObjectPerFile(@TempDir Path dir) throws Exception {
        List<Path> files = writeDigits(dir);
        assertThat(run("predict", "-m", model.toString(), "--json", dir.toString())).isEqualTo(ExitCodes.OK);
        JsonNode array = new ObjectMapper().readTree(out.toString());
        assertThat(array.isArray()).isTrue();
        assertThat(array.size()).isEqualTo(files.size());
        List<Path> sorted = files.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            JsonNode row = array.get(i);
            Prediction direct = recognizer.predict(sorted.get(i));
            assertThat(row.get("file").asText()).isEqualTo(sorted.get(i).toString());
            assertThat(row.get("label").asInt()).isEqualTo(direct.label());
            assertThat(row.get("confidence").floatValue()).isCloseTo(direct.confidence(), within(1e-6f));
            assertThat(row.get("probabilities").size()).isEqualTo(10);
            for (int d = 0; d < 10; d++) {
                assertThat(row.get("probabilities").get(d).floatValue()).isCloseTo(direct.probabilities()[d], within(1e-6f));
            }
        }
    }

    @Test
    void testTimeAugmentationAppliesToImageFilesToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.png");
        Files.write(file, encode(mnistGray(digits.image(1)), "png"));
        assertThat(run("predict", "--model", model.toString(), "--tta", "--tta-shifts", "4", "--json", file.toString())).isEqualTo(ExitCodes.OK);
        JsonNode row = new ObjectMapper().readTree(out.toString()).get(0);
        Prediction plain = recognizer.predict(file);
        try (DigitRecognizer shifted = DigitRecognizer.load(model, 4)) {
            Prediction tta = shifted.predict(file);
            float difference = 0;
            for (int d = 0; d < 10; d++) {
                assertThat(row.get("probabilities").get(d).floatValue()).isCloseTo(tta.probabilities()[d], within(1e-6f));
                difference += Math.abs(tta.probabilities()[d] - plain.probabilities()[d]);
            }
            assertThat(difference).as("shifted copies change the probabilities").isGreaterThan(1e-4f);
        }
    }

    @Test
    void badFilesAreNamedOnePerLineWithExitCode2AndNoTable(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.png");
        Files.write(good, encode(mnistGray(digits.image(1)), "png"));
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "hello", StandardCharsets.UTF_8);
        Path blank = dir.resolve("blank.png");
        Files.write(blank, encode(new java.awt.image.BufferedImage(40, 40, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png"));

        assertThat(run("predict", "--model", model.toString(), good.toString(), text.toString(), blank.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().split("\\R")).containsExactly(
                "digits: error: " + text + ": not a readable PNG/JPEG/BMP/GIF image",
                "digits: error: " + blank + ": the image is blank (no digit found)");

        Path missing = dir.resolve("missing.png");
        assertThat(run("predict", "--model", model.toString(), missing.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("digits: error: " + missing + ": no such file or folder");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no images here");
        assertThat(run("predict", "--model", model.toString(), empty.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("digits: error: " + empty + ": no PNG, JPEG, BMP or GIF files in this folder");
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefused(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("d.png");
        Files.write(image, encode(mnistGray(digits.image(0)), "png"));
        assertThat(run("predict", "--model", model.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("digits: error: nothing to predict: give image files or folders");
        assertThat(run("predict", "--model", model.toString(), "--input", "mnist-test", image.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("give image files or --input, not both");
        assertThat(run("predict", "--model", model.toString(), "-o", "x.csv", image.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--output and --probabilities go with --input; for image files use --json");
        assertThat(run("predict", "--model", model.toString(), "--json", "--input", "mnist-test")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--json goes with image files");
        Path notModel = Files.createDirectory(dir.resolve("not-a-model"));
        assertThat(run("predict", "--model", notModel.toString(), image.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("digits: error: " + notModel.resolve("model.json") + ": missing");
    }

    @Test
    void helpShowsBothModesAndTheDefaultModel() {
        assertThat(run("predict", "--help")).isEqualTo(ExitCodes.OK);
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("[IMAGE...]", "digits predict seven.png scans/", "digits predict --input test.csv",
                "(default: runs/quick-cnn, where `digits train` saves by default)", "--json");
    }

    @Test
    void aDataSetStillGivesASubmission(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("test.csv");
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 784; p++) text.append(p == 0 ? "" : ",").append("pixel").append(p);
        text.append('\n');
        for (int i = 0; i < digits.size(); i++) {
            float[] pixels = digits.image(i);
            for (int p = 0; p < 784; p++) text.append(p == 0 ? "" : ",").append(Math.round(pixels[p] * 255));
            text.append('\n');
        }
        Files.writeString(csv, text);
        Path submission = dir.resolve("submission.csv");
        assertThat(run("predict", "--model", model.toString(), "--input", csv.toString(), "-o", submission.toString()))
                .isEqualTo(ExitCodes.OK);
        List<String> rows = Files.readAllLines(submission);
        assertThat(rows.get(0)).isEqualTo("ImageId,Label");
        assertThat(rows).hasSize(1 + digits.size());
        for (int i = 0; i < digits.size(); i++) {
            assertThat(rows.get(i + 1)).isEqualTo((i + 1) + "," + recognizer.predict(digits.image(i)).label());
        }
        assertThat(out.toString()).contains("Predicted 12 images", recognizer.modelId(), submission.toString());
    }
}
