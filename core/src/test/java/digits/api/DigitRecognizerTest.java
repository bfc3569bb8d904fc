package digits.api;

import digits.data.InvalidInputException;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.mnistGray;
import static digits.testing.DigitImages.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The library API over a real MLP trained on MNIST in the test run. */
class DigitRecognizerTest {
    private static final int DIGITS = 200;
    private static Path modelDir;
    private static DigitRecognizer recognizer;
    private static Mnist.Digits digits;

    @BeforeAll
    static void load() {
        modelDir = TrainedModels.mlp();
        recognizer = DigitRecognizer.load(modelDir);
        digits = Mnist.test(DIGITS);
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    @Test
    void recognisesRealMnistDigits() {
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < DIGITS; i++) images.add(digits.image(i));
        List<Prediction> batch = recognizer.predictBatch(images);
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            Prediction p = batch.get(i);
            float sum = 0;
            for (float v : p.probabilities()) sum += v;
            assertThat(sum).isCloseTo(1f, within(1e-4f));
            assertThat(p.confidence()).isEqualTo(p.probabilities()[p.label()]);
            if (p.label() == digits.labels()[i]) correct++;
        }
        assertThat(correct).as("correct of %d", DIGITS).isGreaterThanOrEqualTo(DIGITS * 85 / 100);
        assertThat(recognizer.modelId()).matches("mlp-64@[0-9a-f]{12}");
        assertThat(recognizer.description().name()).isEqualTo(TrainedModels.MLP);
        assertThat(recognizer.models()).containsExactly(recognizer.description());
        assertThat(recognizer.isEnsemble()).isFalse();
    }

    /** What model.json says, in the API's own type: the same values, no internal type in sight. */
    @Test
    void theDescriptionIsModelJsonInTheApisOwnTypes() throws Exception {
        ModelDescription d = recognizer.description();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(modelDir.resolve("model.json").toFile());
        assertThat(d.name()).isEqualTo("mlp-64");
        assertThat(d.architecture()).isEqualTo("64-10").isEqualTo(json.get("architecture").asText());
        assertThat(d.parameters()).isEqualTo(50_890);
        assertThat(d.input()).isEqualTo(new ModelDescription.Input(28, 28, 1, "pixel / 255", "light ink on dark background", false));
        assertThat(d.training()).containsEntry("optimizer", "adam").containsEntry("augment", "none").containsEntry("seed", 7);
        assertThat(d.data().source()).isEqualTo("mnist-train");
        assertThat(d.data().trainImages() + d.data().validationImages()).isEqualTo(10_000);
        assertThat(d.metrics().get("test_accuracy")).isEqualTo(json.get("metrics").get("test_accuracy").asDouble()).isGreaterThan(0.85);
        assertThat(d.versions()).containsKeys("digits", "djl", "pytorch");
        assertThat(d.created()).isEqualTo(json.get("created").asText());
        assertThat(d.paramsSha256()).isEqualTo(json.get("paramsSha256").asText()).startsWith(recognizer.modelId().substring(7, 19));
        assertThat(d.trainedWithAugmentation()).isFalse();
        assertThatThrownBy(() -> d.metrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(recognizer.tta()).isEqualTo(Tta.NONE);
    }

    @Test
    void testTimeAugmentationIsAskedForWithTheApisOwnType() {
        try (DigitRecognizer four = DigitRecognizer.load(modelDir, 4);
             DigitRecognizer chosen = DigitRecognizer.loadEnsemble(List.of(modelDir), Tta::recommendedFor)) {
            assertThat(four.tta()).isEqualTo(Tta.shifts(4));
            assertThat(four.modelId()).isEqualTo(recognizer.modelId() + "+tta4");
            // trained without augmentation: the shifts alone
            assertThat(chosen.tta()).isEqualTo(Tta.SHIFTS);
            assertThat(chosen.tta().describe()).isEqualTo("8 one-pixel shifts");
            int agree = 0;
            for (int i = 0; i < 50; i++) if (chosen.predict(digits.image(i)).label() == digits.labels()[i]) agree++;
            assertThat(agree).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void manyImagesInOneArrayGiveWhatTheyGiveOneByOne() {
        int n = 20;
        float[] images = new float[n * 784];
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            System.arraycopy(digits.image(i), 0, images, i * 784, 784);
            list.add(digits.image(i));
        }
        float[] probabilities = recognizer.probabilities(images);
        List<Prediction> batch = recognizer.predictBatch(list);
        assertThat(probabilities).hasSize(n * 10);
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 10; d++) assertThat(probabilities[i * 10 + d]).isCloseTo(batch.get(i).probabilities()[d], within(1e-6f));
        }
        assertThatThrownBy(() -> recognizer.probabilities(new float[785]))
                .hasMessage("expected a multiple of 784 pixels (28x28 per image), got 785");
        images[784 + 30] = 2f;
        assertThatThrownBy(() -> recognizer.probabilities(images)).hasMessage("image 1, pixel 30 (row 1, column 2): 2.0 is outside [0,1]");
    }

    @Test
    void pixelsAsRowsPicturesAndFilesGiveTheSameAnswerAsThePreprocessedPixels(@TempDir Path dir) throws Exception {
        int correct = 0;
        for (int i = 0; i < 10; i++) {
            float[] flat = digits.image(i);
            float[][] rows = new float[28][28];
            for (int r = 0; r < 28; r++) System.arraycopy(flat, r * 28, rows[r], 0, 28);
            assertSame(recognizer.predict(rows), recognizer.predict(flat));

            // A big dark-on-light scan of the digit: the picture, its JPEG file and the preprocessed pixels agree.
            BufferedImage scan = render(flat, 300, 360, 40, 50, 8, true);
            Prediction fromPicture = recognizer.predict(scan);
            assertSame(fromPicture, recognizer.predict(new ImagePreprocessor().preprocess(scan)));

            Path file = dir.resolve("digit-" + i + ".jpg");
            Files.write(file, encode(scan, "jpeg"));
            Prediction fromFile = recognizer.predict(file);
            assertSame(fromFile, recognizer.predict(new ImagePreprocessor().preprocess(file)));
            assertThat(fromFile.label()).isEqualTo(fromPicture.label());
            if (fromFile.label() == digits.labels()[i]) correct++;
        }
        assertThat(correct).as("scans read right of 10").isGreaterThanOrEqualTo(8);
    }

    @Test
    void batchesOfFilesAndPicturesKeepTheirOrder(@TempDir Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        List<BufferedImage> pictures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            BufferedImage picture = mnistGray(digits.image(i));
            pictures.add(picture);
            Path file = dir.resolve("d" + i + ".png");
            Files.write(file, encode(picture, "png"));
            files.add(file);
        }
        List<Prediction> fromFiles = recognizer.predictFiles(files);
        List<Prediction> fromPictures = recognizer.predictImages(pictures);
        assertThat(fromFiles).hasSize(12);
        for (int i = 0; i < 12; i++) {
            Prediction single = recognizer.predict(files.get(i));
            assertSame(fromFiles.get(i), single);
            assertSame(fromPictures.get(i), single);
        }
    }

    @Test
    void badInputIsRefusedWithAMessageThatSaysWhere(@TempDir Path dir) throws Exception {
        Path notAnImage = dir.resolve("notes.png");
        Files.writeString(notAnImage, "not an image", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> recognizer.predict(notAnImage))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(notAnImage + ": not a readable PNG/JPEG/BMP/GIF image");
        Path missing = dir.resolve("missing.png");
        assertThatThrownBy(() -> recognizer.predictFiles(List.of(notAnImage, missing)))
                .hasMessage(notAnImage + ": not a readable PNG/JPEG/BMP/GIF image");
        assertThatThrownBy(() -> recognizer.predict(missing)).hasMessage(missing + ": no such file");

        assertThatThrownBy(() -> recognizer.predict(new float[783]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("image 0: expected 784 pixels, got 783");
        float[] nan = digits.image(0);
        nan[30] = Float.NaN;
        assertThatThrownBy(() -> recognizer.predict(nan))
                .hasMessage("image 0, pixel 30 (row 1, column 2): NaN is outside [0,1]");
        assertThatThrownBy(() -> recognizer.predict(new float[27][28]))
                .hasMessage("expected 28 rows of 28 pixels, got 27 rows");
        float[][] ragged = new float[28][28];
        ragged[5] = new float[29];
        assertThatThrownBy(() -> recognizer.predict(ragged)).hasMessage("row 5: expected 28 pixels, got 29");
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsSequentialCalls() throws Exception {
        int threads = 8;
        int perThread = 200;
        Prediction[] sequential = new Prediction[DIGITS];
        for (int i = 0; i < DIGITS; i++) sequential[i] = recognizer.predict(digits.image(i));

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Prediction[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 25;
                Callable<Prediction[]> caller = () -> {
                    go.await();
                    Prediction[] mine = new Prediction[perThread];
                    // Each thread walks the digits from its own starting point, so different images run at once.
                    for (int k = 0; k < perThread; k++) mine[k] = recognizer.predict(digits.image((offset + k) % DIGITS));
                    return mine;
                };
                results.add(pool.submit(caller));
            }
            go.countDown();
            for (int t = 0; t < threads; t++) {
                Prediction[] mine = results.get(t).get();
                for (int k = 0; k < perThread; k++) {
                    int image = (t * 25 + k) % DIGITS;
                    assertSame(mine[k], sequential[image]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEnsembleAveragesItsModelsProbabilities() {
        Path logistic = TrainedModels.logistic();
        try (DigitRecognizer single = DigitRecognizer.load(logistic);
             DigitRecognizer ensemble = DigitRecognizer.loadEnsemble(List.of(modelDir, logistic))) {
            assertThat(ensemble.isEnsemble()).isTrue();
            assertThat(ensemble.modelId()).isEqualTo(recognizer.modelId() + "+" + single.modelId());
            assertThat(ensemble.models()).extracting(d -> d.name()).containsExactly(TrainedModels.MLP, TrainedModels.LOGISTIC);
            assertThatThrownBy(ensemble::description).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("use models()");
            int disagreements = 0;
            for (int i = 0; i < 50; i++) {
                float[] a = recognizer.predict(digits.image(i)).probabilities();
                float[] b = single.predict(digits.image(i)).probabilities();
                Prediction both = ensemble.predict(digits.image(i));
                for (int d = 0; d < 10; d++) assertThat(both.probabilities()[d]).isCloseTo((a[d] + b[d]) / 2, within(1e-6f));
                if (Prediction.fromProbabilities(a).label() != Prediction.fromProbabilities(b).label()) disagreements++;
            }
            // Two different real models: they do not agree on everything, so the average is a real combination.
            assertThat(disagreements).isPositive();
        }
    }

    @Test
    void aDirectoryThatIsNoModelIsRefusedAndNothingStaysOpen(@TempDir Path dir) {
        assertThatThrownBy(() -> DigitRecognizer.loadEnsemble(List.of(modelDir, dir)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("model.json") + ": missing; " + dir + " is not a model directory");
        assertThatThrownBy(() -> DigitRecognizer.loadEnsemble(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no model directory given");
    }

    private static void assertSame(Prediction actual, Prediction expected) {
        assertThat(actual.label()).isEqualTo(expected.label());
        for (int d = 0; d < 10; d++) {
            assertThat(actual.probabilities()[d]).isCloseTo(expected.probabilities()[d], within(1e-5f));
        }
    }
}
