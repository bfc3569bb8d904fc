package digits.api;

import digits.data.Dataset;
import digits.data.render.Condition;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.IntStream;

import static digits.testing.DigitImages.mnistGray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Photos and scans of real MNIST test digits, rendered on paper, read back by the photo preprocessing with a trained MLP. */
class PhotoPreprocessingTest {
    private static final int COUNT = 150;
    private static DigitRecognizer recognizer;
    private static Dataset test;
    private static double clean;

    @BeforeAll
    static void load() {
        recognizer = DigitRecognizer.load(TrainedModels.mlp());
        Mnist.Digits digits = Mnist.test(COUNT);
        test = new Dataset("mnist-test", digits.pixels(), digits.labels());
        clean = accuracy(IntStream.range(0, COUNT).mapToObj(test::image).toList());
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    private static double accuracy(List<float[]> images) {
        List<Prediction> predictions = recognizer.predictBatch(images);
        int right = 0;
        for (int i = 0; i < COUNT; i++) if (predictions.get(i).label() == test.label(i)) right++;
        return right / (double) COUNT;
    }

    private static List<BufferedImage> photos(Condition condition) {
        return IntStream.range(0, COUNT).mapToObj(i -> condition.picture(test, i, 1)).toList();
    }

    private static double accuracy(List<BufferedImage> pictures, Preprocessing mode) {
        ImagePreprocessor preprocessor = new ImagePreprocessor().withMode(mode);
        return accuracy(pictures.stream().map(preprocessor::preprocess).toList());
    }

    @Test
    void photosOnPaperAreReadNearlyAsWellAsTheCleanDigits() {
        assertThat(clean).isGreaterThan(0.85);
        for (Condition c : List.of(Condition.PHOTO, Condition.PHOTO_SHADOW, Condition.PHOTO_RULED, Condition.PHOTO_SQUARED,
                Condition.PHOTO_COLOUR, Condition.PHOTO_ROTATED)) {
            List<BufferedImage> pictures = photos(c);
            double photo = accuracy(pictures, Preprocessing.PHOTO);
            assertThat(photo).as(c.key() + " with photo preprocessing (clean %.3f)", clean).isGreaterThan(clean - 0.04);
            // The single-background preprocessing cannot read them: the cleanup is what makes the difference.
            assertThat(accuracy(pictures, Preprocessing.MNIST)).as(c.key() + " with mnist preprocessing").isLessThan(0.5);
            assertThat(accuracy(pictures, Preprocessing.AUTO)).as(c.key() + " auto").isGreaterThanOrEqualTo(photo - 0.02);
        }
    }

    @Test
    void markerStrokesAndDigitsFillingThePictureAreReadToo() {
        // A marker's straight strokes and a clean digit that fills its picture project like ruled lines; the cleanup
        // must not cut them out (it did: photo-thick 94.6%, clean 92.3% with the default model).
        for (Condition c : List.of(Condition.PHOTO_THICK, Condition.CLEAN)) {
            double photo = accuracy(photos(c), Preprocessing.PHOTO);
            assertThat(photo).as(c.key() + " with photo preprocessing (clean %.3f)", clean).isGreaterThan(clean - 0.04);
        }
    }

    @Test
    void autoTellsPhotosFromCleanDigits() {
        long photos = photos(Condition.PHOTO_MIXED).stream().filter(ImagePreprocessor::looksLikePhoto).count();
        assertThat(photos).isGreaterThanOrEqualTo(COUNT * 95 / 100);
        for (int i = 0; i < COUNT; i++) {
            assertThat(ImagePreprocessor.looksLikePhoto(mnistGray(test.image(i)))).as("MNIST digit %d", i).isFalse();
        }
        // The default is auto: a clean digit is preprocessed exactly as the MNIST mode does it.
        ImagePreprocessor auto = new ImagePreprocessor();
        assertThat(auto.mode()).isEqualTo(Preprocessing.DEFAULT).isEqualTo(Preprocessing.AUTO);
        BufferedImage digit = mnistGray(test.image(0));
        assertThat(auto.preprocess(digit)).containsExactly(auto.withMode(Preprocessing.MNIST).preprocess(digit));
    }

    @Test
    void modesAreParsedByName() {
        assertThat(Preprocessing.parse("Photo")).isEqualTo(Preprocessing.PHOTO);
        assertThat(Preprocessing.keys()).isEqualTo("auto, mnist, photo");
        assertThatThrownBy(() -> Preprocessing.parse("scan")).hasMessage("unknown preprocessing 'scan': use auto, mnist, photo");
    }
}
