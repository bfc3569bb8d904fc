package digits.report;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.eval.ConfusionMatrix;
import digits.eval.Evaluation;
import digits.eval.MostConfused;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;
import digits.testing.TrainedModels;
import digits.train.HistoryFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static digits.report.PictureChecks.assertPicture;
import static digits.report.PictureChecks.luminance;
import static digits.report.PictureChecks.pixelsOfColour;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every picture of a model's report, drawn from a logistic regression really trained by {@code digits train}. */
class ModelReportTest {
    static final List<String> PICTURES = List.of("label-distribution-bar", "label-distribution-pie", "samples", "curves-loss",
            "curves-accuracy", "learning-rate", "confusion", "per-class", "errors", "probabilities");
    static Path modelDir;
    static ModelDescriptor descriptor;
    static Dataset test;
    static float[] probabilities;
    static Evaluation evaluation;
    static HtmlReport report;
    static Map<String, BufferedImage> pictures;

    @BeforeAll
    static void reportOnARealModel() {
        modelDir = TrainedModels.logistic();
        descriptor = ModelStore.readDescriptor(modelDir);
        test = MnistFiles.test();
        try (ModelStore.Loaded loaded = ModelStore.load(modelDir)) {
            probabilities = loaded.model().probabilities(test);
        }
        evaluation = Evaluation.of(test.labels(), probabilities);
        report = ModelReport.build(modelDir, test, probabilities);
        pictures = report.pictures();
        pictures.forEach((name, image) -> Pictures.save(image, PictureChecks.OUT.resolve("model-report").resolve(name + ".png")));
    }

    @Test
    void theModelIsARealTrainedOne() {
        // the saved model reproduces the test accuracy `digits train` measured and stored in model.json
        assertThat(evaluation.accuracy()).isBetween(0.80, 0.95).isEqualTo(descriptor.metrics().get("test_accuracy"));
        assertThat(HistoryFiles.read(modelDir)).hasSize(2);
    }

    @Test
    void hasEveryPictureInPageOrder() {
        assertThat(pictures.keySet()).containsExactlyElementsOf(PICTURES);
        for (var e : pictures.entrySet()) {
            BufferedImage image = e.getValue();
            assertThat(image.getWidth()).as(e.getKey()).isGreaterThan(300);
            assertThat(image.getHeight()).as(e.getKey()).isGreaterThan(300);
            assertThat(PictureChecks.inkPixels(image)).as(e.getKey() + " is not blank")
                    .isGreaterThan(image.getWidth() * image.getHeight() / 40);
        }
    }

    @Test
    void labelChartsCountTheTestLabels() {
        assertPicture(pictures.get("label-distribution-bar"), "model-label-bar", 800, 500, 0.03);
        assertThat(pixelsOfColour(pictures.get("label-distribution-bar"), Style.BLUE, 10)).isGreaterThan(800 * 500 / 10);
        assertPicture(pictures.get("label-distribution-pie"), "model-label-pie", 560, 560, 0.15);
        for (int k = 0; k < Dataset.CLASSES; k++) {
            assertThat(pixelsOfColour(pictures.get("label-distribution-pie"), Style.TEN[k], 6)).as("slice " + k).isGreaterThan(2000);
        }
    }

    @Test
    void samplesShowFourOfEachDigit() {
        int[] indices = DigitGrid.sampleIndices(test, ModelReport.SAMPLES_PER_LABEL);
        assertThat(indices).hasSize(40);
        for (int i = 0; i < indices.length; i++) assertThat(test.label(indices[i])).isEqualTo(i % 10);
        BufferedImage samples = pictures.get("samples");
        int dark = 0;
        for (int y = 0; y < samples.getHeight(); y++) for (int x = 0; x < samples.getWidth(); x++) if (luminance(samples.getRGB(x, y)) < 100) dark++;
        // 40 real digits, ~19% ink each, drawn at 4x4 pixels per MNIST pixel
        assertThat(dark).isGreaterThan(40 * 784 * 16 / 10);
    }

    @Test
    void curvesShowTrainingAndValidationOfBothEpochs() {
        for (String name : List.of("curves-loss", "curves-accuracy")) {
            assertPicture(pictures.get(name), "model-" + name, 720, 440, 0.03);
            assertThat(pixelsOfColour(pictures.get(name), Style.BLUE, 10)).as(name + " training").isGreaterThan(300);
            assertThat(pixelsOfColour(pictures.get(name), Style.ORANGE, 10)).as(name + " validation").isGreaterThan(300);
        }
        assertThat(pixelsOfColour(pictures.get("learning-rate"), Style.GREEN, 10)).isGreaterThan(300);
    }

    @Test
    void heatmapDiagonalIsDarkestAndShadeFollowsTheCounts() {
        BufferedImage heatmap = pictures.get("confusion");
        assertPicture(heatmap, "model-confusion", 86 + 560 + 24 + 18 + 70, 76 + 560 + 70, 0.25);
        ConfusionMatrix m = evaluation.confusion();
        double lightestDiagonal = 0;
        double darkestOffDiagonal = 255;
        for (int r = 0; r < 10; r++) {
            for (int c = 0; c < 10; c++) {
                double l = luminance(fill(heatmap, r, c));
                if (r == c) lightestDiagonal = Math.max(lightestDiagonal, l);
                else darkestOffDiagonal = Math.min(darkestOffDiagonal, l);
                for (int c2 = 0; c2 < 10; c2++) {
                    // counts one apart may round to the same colour; a larger count is never lighter
                    if (m.count(r, c) > m.count(r, c2)) assertThat(l).isLessThanOrEqualTo(luminance(fill(heatmap, r, c2)));
                }
            }
        }
        assertThat(lightestDiagonal).isLessThan(darkestOffDiagonal);
    }

    @Test
    void perClassTableHasABarForEveryScore() {
        assertPicture(pictures.get("per-class"), "model-per-class", 660, 56 + 14 * 30 + 8 + 20, 0.03);
        // 12 rows (10 digits, 2 averages) of three scores of at least 0.5: bars of at least 46 x 4 pixels
        assertThat(pixelsOfColour(pictures.get("per-class"), ReportTable.BAR, 0)).isGreaterThan(36 * 46 * 4);
    }

    @Test
    void errorGalleryAndProbabilitiesShowTheMostConfidentMistakes() {
        List<MostConfused.Mistake> mistakes = MostConfused.find(test.labels(), probabilities, ModelReport.MISTAKES);
        assertThat(mistakes).hasSize(24);
        assertThat(mistakes.get(0).probability()).isGreaterThan(0.8f);
        BufferedImage errors = pictures.get("errors");
        assertThat(errors.getWidth()).isGreaterThan(8 * 112);
        assertThat(pixelsOfColour(errors, Style.RED, 30)).as("red captions").isGreaterThan(24 * 100);
        BufferedImage chart = pictures.get("probabilities");
        assertPicture(chart, "model-probabilities", 28 * 8 + 40 + 560, 360, 0.05);
        // the wrong prediction's bar is red and tall: at least 60% of the 0-100% axis
        assertThat(pixelsOfColour(chart, Style.RED, 0)).isGreaterThan(1000);
        assertThat(report.html()).contains(String.format(Locale.ROOT, "mnist-test image #%d, the most confident mistake",
                mistakes.get(0).index()));
    }

    @Test
    void pageHasTheModelOptionsHistoryAndMetrics() {
        String html = report.html();
        assertThat(html).contains("<h1>digits report: logistic</h1>", "<h2>Model</h2>", "<h2>Training options</h2>",
                "<h2>Data</h2>", "<h2>Training history</h2>", "<h2>Test metrics</h2>", "<h2>Confusion matrix</h2>",
                "<h2>Per-class scores</h2>", "<h2>Most confident mistakes</h2>", "<h2>Probabilities of one image</h2>");
        assertThat(html).contains("Total params: 7,850", "Architecture: 10", "<tr><th>epochs</th><td>2</td></tr>",
                "<tr><th>optimizer</th><td>adam</td></tr>", "mnist-train: 9,000 training, 1,000 validation images");
        assertThat(html).contains(String.format(Locale.ROOT, "%.2f%%", 100 * evaluation.accuracy()));
        assertThat(html).containsPattern("architecture 10, 7,850 parameters, trained \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC with digits ");
        assertThat(ModelReport.readableTime("2025-01-31T09:15:02.123456Z")).isEqualTo("2025-01-31 09:15:02 UTC");
        assertThat(ModelReport.readableTime("yesterday")).isEqualTo("yesterday");
        assertThat(html.split("<img ", -1)).hasSize(PICTURES.size()); // all but per-class, which the page shows as a table
    }

    @Test
    void writeSavesReportHtmlInTheModelDirectoryAndPicturesOnRequest(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("model");
        Files.createDirectories(copy);
        try (var files = Files.list(modelDir)) {
            for (Path f : (Iterable<Path>) files::iterator) if (!f.getFileName().toString().endsWith(".html")) Files.copy(f, copy.resolve(f.getFileName()));
        }
        Path file = ModelReport.write(copy, test, probabilities);
        assertThat(file).isEqualTo(copy.resolve("report.html"));
        assertThat(Files.readString(file)).isEqualTo(report.html());

        List<Path> saved = report.savePictures(tmp.resolve("pictures"));
        assertThat(saved).extracting(p -> p.getFileName().toString()).containsExactlyElementsOf(PICTURES.stream().map(n -> n + ".png").toList());
        for (Path p : saved) {
            BufferedImage back = javax.imageio.ImageIO.read(p.toFile());
            BufferedImage original = pictures.get(p.getFileName().toString().replace(".png", ""));
            assertThat(back.getWidth()).isEqualTo(original.getWidth());
            assertThat(back.getRGB(back.getWidth() / 2, back.getHeight() / 2)).isEqualTo(original.getRGB(back.getWidth() / 2, back.getHeight() / 2));
            assertThat(Files.size(p)).as(p + " stays small").isLessThan(150_000);
        }
    }

    @Test
    void withoutTestDataTheReportHasTheModelAndItsHistoryOnly() {
        HtmlReport plain = ModelReport.build(modelDir, null, null);
        assertThat(plain.pictures().keySet()).containsExactly("curves-loss", "curves-accuracy", "learning-rate");
        assertThat(plain.html()).contains("<h2>Training history</h2>").doesNotContain("<h2>Test metrics</h2>");
        assertThatThrownBy(() -> ModelReport.build(modelDir, test, null)).isInstanceOf(IllegalArgumentException.class);
        Dataset unlabelled = new Dataset("test.csv", test.head(10).pixels(), null);
        assertThatThrownBy(() -> ModelReport.build(modelDir, unlabelled, new float[100]))
                .hasMessage("test.csv has no labels: a report needs labelled data to evaluate on");
    }

    /** The fill colour of a heatmap cell, read near its corner, away from the count printed in the middle. */
    private static int fill(BufferedImage image, int row, int col) {
        Rectangle cell = ConfusionHeatmap.cell(row, col);
        return image.getRGB(cell.x + 4, cell.y + 4);
    }
}
