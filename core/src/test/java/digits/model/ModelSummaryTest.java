package digits.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSummaryTest {

    @ParameterizedTest(name = "{0} has {1} parameters")
    @CsvSource({
            "logistic, 7850",
            "mlp, 244522",
            "kaggle-cnn, 887530",
            "deep-cnn, 5259594",
            "quick-cnn, 162090",
            "wide-cnn, 362170",
    })
    void pinsTheParameterCountsOfTheNotebookModels(String model, long params) {
        ModelSpec spec = Architectures.resolve(model, null, 0);
        assertThat(ModelSummary.of(spec).totalParams()).isEqualTo(params);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"logistic", "mlp", "kaggle-cnn", "deep-cnn", "bn-cnn", "fast-cnn", "mid-cnn", "quick-cnn", "wide-cnn", "16C5S2-BN-32C3valid-GAP-10"})
    void summaryAgreesWithTheBuiltNetwork(String model) {
        ModelSpec spec = Architectures.resolve(model, null, 0.2);
        try (DigitModel net = DigitModel.create(spec)) {
            net.initialize();
            assertThat(net.parameterCount()).isEqualTo(ModelSummary.of(spec).totalParams());
            var shapes = net.block().getOutputShapes(new ai.djl.ndarray.types.Shape[]{DigitModel.INPUT_SHAPE});
            assertThat(shapes[0].getShape()).containsExactly(1, 10);
        }
    }

    @Test
    void formatsLikeKeras() {
        String text = ModelSummary.of(Architectures.resolve("deep-cnn", null, 0)).format("deep-cnn");
        assertThat(text)
                .contains("conv2d (Conv2D)", "conv2d_3 (Conv2D)", "(None, 256, 12, 12)", "295,168")
                .contains("flatten (Flatten)", "(None, 9216)", "dense (Dense)", "4,719,104")
                .contains("Total params: 5,259,594", "Trainable params: 5,259,594", "Non-trainable params: 0");
    }

    @Test
    void countsBatchNormStatisticsAsNonTrainable() {
        ModelSummary s = ModelSummary.of(ModelSpec.parse("8C3-BN-10"));
        // conv 8*9+8 = 80; BN 4*8 = 32 (16 non-trainable); dense 8*28*28*10+10 = 62,730
        assertThat(s.totalParams()).isEqualTo(80 + 32 + 62_730);
        assertThat(s.nonTrainableParams()).isEqualTo(16);
    }

    @Test
    void mlpWithAnyHiddenSizes() {
        ModelSpec spec = Architectures.resolve("mlp", "10,20,10", 0);
        assertThat(spec.toString()).isEqualTo("10-20-10-10");
        // 784*10+10 + 10*20+20 + 20*10+10 + 10*10+10
        assertThat(ModelSummary.of(spec).totalParams()).isEqualTo(7850 + 220 + 210 + 110);
    }

    @Test
    void specStringsRoundTrip() {
        String s = "32C3-BN-32C5S2-D.4-256C3valid-P-P3-GAP-128-D.5-10";
        assertThat(ModelSpec.parse(s).toString()).isEqualTo(s);
    }

    @Test
    void refusesBadSpecsWithTheToken() {
        assertThatThrownBy(() -> ModelSpec.parse("32C3-X7-10")).hasMessageContaining("unknown layer 'X7'");
        for (String dashes : new String[]{"32C3-10-", "-32C3-10", "32C3--10", "-", "10-"}) {
            assertThatThrownBy(() -> ModelSpec.parse(dashes)).as(dashes)
                    .hasMessage("model spec '" + dashes + "': an empty layer (a dash at an end, or two dashes)");
        }
        assertThatThrownBy(() -> ModelSpec.parse("32C3-128")).hasMessageContaining("must end with the 10-unit output layer");
        assertThatThrownBy(() -> ModelSpec.parse("128-32C3-10")).hasMessageContaining("'32C3' cannot follow");
        assertThatThrownBy(() -> ModelSpec.parse("32C3-D1.5-10")).hasMessageContaining("unknown layer 'D1.5'");
        assertThatThrownBy(() -> ModelSummary.of(ModelSpec.parse("8C29valid-10"))).hasMessageContaining("too small");
        assertThatThrownBy(() -> Architectures.resolve("resnet", null, 0)).hasMessageContaining("unknown model 'resnet'");
        assertThatThrownBy(() -> Architectures.resolve("mlp", "10,abc", 0)).hasMessageContaining("'abc' is not a layer size");
    }
}
