package digits.model;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.data.augment.Transform;
import digits.eval.Evaluation;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import digits.train.TrainingListener;
import digits.train.TrainingLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Test-time augmentation with exact one-pixel shifts, turns and zooms, on a real model and real digits. */
class TestTimeAugmentationTest {
    static DigitModel model;
    static Dataset test;

    @BeforeAll
    static void train() {
        model = DigitModel.create(ModelSpec.parse("64-10"));
        new TrainingLoop(model, TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 1), TrainingListener.SILENT).fit(MnistFiles.train().head(5000), null);
        test = MnistFiles.test().head(1200);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A view of the shared model that does not close it. */
    static ProbabilityModel base() {
        return new ProbabilityModel() {
            @Override
            public float[] probabilities(float[] pixels, int count) {
                return model.probabilities(pixels, count);
            }

            @Override
            public void close() {}
        };
    }

    static Dataset shifted(Dataset data, int dx, int dy) {
        float[] out = new float[data.pixels().length];
        for (int i = 0; i < data.size(); i++) TestTimeAugmentation.shift(data.pixels(), i * 784, dx, dy, out, i * 784);
        return new Dataset(data.name() + " shifted", out, data.labels());
    }

    @Test
    void shiftsMovePixelsExactlyAndFillWithBackground() {
        float[] digit = test.image(0);
        float[] right = new float[784];
        TestTimeAugmentation.shift(digit, 0, 1, 0, right, 0);
        float[] down = new float[784];
        TestTimeAugmentation.shift(digit, 0, 0, 1, down, 0);
        for (int y = 0; y < 28; y++) {
            assertThat(right[y * 28]).isZero();
            assertThat(down[y]).isZero();
            for (int x = 1; x < 28; x++) assertThat(right[y * 28 + x]).isEqualTo(digit[y * 28 + x - 1]);
            if (y > 0) for (int x = 0; x < 28; x++) assertThat(down[y * 28 + x]).isEqualTo(digit[(y - 1) * 28 + x]);
        }
        // MNIST digits sit in a 20x20 box with a 4-pixel margin: a one-pixel shift loses no ink, so it can be undone.
        for (int k = 0; k < TestTimeAugmentation.MAX_SHIFTS; k++) {
            int[] d = TestTimeAugmentation.offset(k);
            float[] there = new float[784];
            float[] back = new float[784];
            TestTimeAugmentation.shift(digit, 0, d[0], d[1], there, 0);
            TestTimeAugmentation.shift(there, 0, -d[0], -d[1], back, 0);
            assertThat(back).as("shift %d,%d", d[0], d[1]).isEqualTo(digit);
            assertThat(there).isNotEqualTo(digit);
        }
    }

    @Test
    void withNoShiftsItEqualsThePlainModel() {
        assertThat(TestTimeAugmentation.wrap(base(), 0).probabilities(test)).isEqualTo(model.probabilities(test));
    }

    @Test
    void itAveragesTheModelOverTheImageAndItsShiftedCopies() {
        float[] tta = TestTimeAugmentation.wrap(base(), 4).probabilities(test);
        float[][] views = {
                model.probabilities(test), model.probabilities(shifted(test, 1, 0)), model.probabilities(shifted(test, -1, 0)),
                model.probabilities(shifted(test, 0, 1)), model.probabilities(shifted(test, 0, -1))};
        for (int j = 0; j < tta.length; j++) {
            double mean = 0;
            for (float[] v : views) mean += v[j];
            assertThat((double) tta[j]).isCloseTo(mean / views.length, within(2e-6));
        }
        assertThat(TestTimeAugmentation.wrap(base(), 4).probabilities(test)).isEqualTo(tta);  // deterministic
        assertThat(model.probabilities(shifted(test, 1, 0))).isEqualTo(views[1]);
        double accuracy = Evaluation.of(test.labels(), tta).accuracy();
        assertThat(accuracy).isGreaterThan(0.80);
    }

    static Dataset warped(Dataset data, Transform transform) {
        float[] out = new float[data.pixels().length];
        for (int i = 0; i < data.size(); i++) transform.apply(data.pixels(), i * 784, out, i * 784);
        return new Dataset(data.name() + "-warped", out, data.labels());
    }

    @Test
    void turnsAndZoomsComeAfterTheShiftsAsPlusMinusPairs() {
        TtaViews views = new TtaViews(1, List.of(5.0), List.of(0.1));
        assertThat(views.copies()).isEqualTo(5);
        float[] tta = TestTimeAugmentation.wrap(base(), views).probabilities(test);
        float[][] expected = {
                model.probabilities(test), model.probabilities(shifted(test, 1, 0)),
                model.probabilities(warped(test, new Transform(5, 1, 1, 0, 0))), model.probabilities(warped(test, new Transform(-5, 1, 1, 0, 0))),
                model.probabilities(warped(test, new Transform(0, 0.9, 0.9, 0, 0))), model.probabilities(warped(test, new Transform(0, 1.1, 1.1, 0, 0)))};
        for (int j = 0; j < tta.length; j++) {
            double mean = 0;
            for (float[] v : expected) mean += v[j];
            assertThat((double) tta[j]).isCloseTo(mean / expected.length, within(2e-6));
        }
        // The turned copies really differ from the image (a turn that did nothing would pass the average above too).
        assertThat(expected[2]).isNotEqualTo(expected[0]);
        assertThat(Evaluation.of(test.labels(), tta).accuracy()).isGreaterThan(0.80);
    }

    @Test
    void viewsSayWhatTheyAre() {
        assertThat(TtaViews.DEFAULT.copies()).isEqualTo(16);
        assertThat(TtaViews.DEFAULT.label()).isEqualTo("tta8r3,6z0.05,0.1");
        assertThat(TtaViews.DEFAULT.describe()).isEqualTo("8 one-pixel shifts, rotations of ±3 and ±6 degrees, zooms of ±0.05 and ±0.1");
        assertThat(TtaViews.shifts(8).label()).isEqualTo("tta8");
        assertThat(TtaViews.NONE.isNone()).isTrue();
        assertThat(TtaViews.NONE.describe()).isEqualTo("none");
        assertThat(new TtaViews(0, List.of(2.5), List.of()).describe()).isEqualTo("rotations of ±2.5 degrees");
    }

    @Test
    void turnsAndZoomsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new TtaViews(8, List.of(45.0), List.of()))
                .hasMessage("test-time rotations must be above 0 and at most 30 degrees, got 45");
        assertThatThrownBy(() -> new TtaViews(8, List.of(0.0), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TtaViews(8, List.of(), List.of(0.6)))
                .hasMessage("test-time zooms must be above 0 and at most 0.5, got 0.6");
        assertThatThrownBy(() -> new TtaViews(8, List.of(), List.of(Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shiftCountsOutsideZeroToEightAreRefused() {
        assertThatThrownBy(() -> TestTimeAugmentation.wrap(base(), 9))
                .hasMessage("test-time augmentation takes 0 to 8 shifts, got 9");
        assertThatThrownBy(() -> TestTimeAugmentation.wrap(base(), -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
