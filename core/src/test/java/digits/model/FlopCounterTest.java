package digits.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** FLOP counts against numbers worked out by hand from the layer shapes. */
class FlopCounterTest {

    @Test
    void logisticRegressionIsOneDenseLayer() {
        FlopCounter.Count c = FlopCounter.of(Architectures.resolve("logistic", null, 0));
        assertThat(c.macs()).isEqualTo(784 * 10);
        assertThat(c.forwardFlops()).isEqualTo(2 * 784 * 10 + 10); // no ReLU on the logits
        assertThat(c.trainingFlops()).isEqualTo(3 * (2 * 784 * 10 + 10));
    }

    @Test
    void defaultMlpCountsBiasAndReluOfHiddenLayers() {
        FlopCounter.Count c = FlopCounter.of(Architectures.resolve("mlp", null, 0)); // 256,128,64,32
        long macs = 784 * 256 + 256 * 128 + 128 * 64 + 64 * 32 + 32 * 10;
        assertThat(c.macs()).isEqualTo(244_032).isEqualTo(macs);
        long bias = 256 + 128 + 64 + 32 + 10;
        long relu = 256 + 128 + 64 + 32;
        assertThat(c.forwardFlops()).isEqualTo(2 * macs + bias + relu).isEqualTo(489_034);
    }

    @Test
    void kaggleCnnLayerByLayer() {
        FlopCounter.Count c = FlopCounter.of(Architectures.resolve("kaggle-cnn", null, 0));
        // 32C5-32C5-P-D.25-64C3-64C3-P-D.25-256-D.5-10, "same" padding
        long conv1 = 28 * 28 * 32 * 1 * 5 * 5;
        long conv2 = 28 * 28 * 32 * 32 * 5 * 5;
        long conv3 = 14 * 14 * 64 * 32 * 3 * 3;
        long conv4 = 14 * 14 * 64 * 64 * 3 * 3;
        long dense = 7 * 7 * 64 * 256;
        long out = 256 * 10;
        assertThat(c.layers()).extracting(FlopCounter.Layer::macs)
                .containsExactly(conv1, conv2, 0L, 0L, conv3, conv4, 0L, 0L, dense, 0L, out);
        assertThat(c.macs()).isEqualTo(32_340_992L);
        List<Long> flops = c.layers().stream().map(FlopCounter.Layer::flops).toList();
        assertThat(flops).containsExactly(
                2 * conv1 + 2 * 28 * 28 * 32,   // + bias and ReLU per output
                2 * conv2 + 2 * 28 * 28 * 32,
                14 * 14 * 32 * 3L,              // 2x2 max: 3 comparisons per output
                0L,                             // dropout
                2 * conv3 + 2 * 14 * 14 * 64,
                2 * conv4 + 2 * 14 * 14 * 64,
                7 * 7 * 64 * 3L,
                0L,
                2 * dense + 2 * 256,
                0L,
                2 * out + 10);
        assertThat(c.forwardFlops()).isEqualTo(64_861_258L);
        assertThat(c.trainingFlops()).isEqualTo(3 * 64_861_258L);
    }

    @Test
    void batchNormStridesValidPaddingAndGlobalPooling() {
        // 8x8 valid 5x5 stride 2 conv: (28-5)/2+1 = 12; BN: 2 per value; GAP: 1 add per input value.
        FlopCounter.Count c = FlopCounter.of(ModelSpec.parse("8C5S2valid-BN-GAP-10"));
        assertThat(c.layers()).extracting(FlopCounter.Layer::flops).containsExactly(
                2L * 12 * 12 * 8 * 25 + 2 * 12 * 12 * 8,
                2L * 12 * 12 * 8,
                12L * 12 * 8,
                2L * 8 * 10 + 10);
        assertThat(c.macs()).isEqualTo(12 * 12 * 8 * 25 + 8 * 10);
    }

    @Test
    void convAndDenseMacsAreWeightsTimesOutputPositions() {
        // Ties the shape walk to ModelSummary's: each weight is used once per output position.
        for (String preset : Architectures.names()) {
            ModelSpec spec = Architectures.resolve(preset, null, 0);
            List<ModelSummary.Row> rows = ModelSummary.of(spec).rows().stream()
                    .filter(r -> r.type().equals("Conv2D") || r.type().equals("Dense")).toList();
            List<FlopCounter.Layer> layers = FlopCounter.of(spec).layers().stream().filter(l -> l.macs() > 0).toList();
            assertThat(layers).as(preset).hasSameSizeAs(rows);
            for (int i = 0; i < rows.size(); i++) {
                String[] shape = rows.get(i).outputShape().replaceAll("[()None ]", "").replaceFirst("^,", "").split(",");
                long units = Long.parseLong(shape[0]);
                long positions = shape.length == 3 ? Long.parseLong(shape[1]) * Long.parseLong(shape[2]) : 1;
                long weights = rows.get(i).params() - units; // minus the biases
                assertThat(layers.get(i).macs()).as(preset + " layer " + i).isEqualTo(weights * positions);
            }
        }
    }

    @Test
    void trainingIsThreeForwardPassesAndImpossibleShapesAreRefused() {
        assertThat(FlopCounter.TRAINING_FACTOR).isEqualTo(3);
        FlopCounter.Count c = FlopCounter.of(Architectures.resolve("fast-cnn", null, 0));
        assertThat(c.trainingFlops()).isEqualTo(3 * c.forwardFlops());
        assertThatThrownBy(() -> FlopCounter.of(ModelSpec.parse("8C5-P30-10")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
    }
}
