package digits.model;

import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.MnistFiles;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import digits.train.TrainingListener;
import digits.train.TrainingLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelStoreTest {
    static Dataset test;

    @BeforeAll
    static void data() {
        test = MnistFiles.test().head(500);
    }

    static ModelDescriptor descriptor(ModelSpec spec, String name) {
        return new ModelDescriptor(ModelDescriptor.FORMAT, ModelDescriptor.FORMAT_VERSION, name, spec.toString(),
                ModelSummary.of(spec).totalParams(), ModelDescriptor.Input.mnist(), Map.of("epochs", 1),
                new ModelDescriptor.DataInfo("mnist-train", null, 3000, 0), Map.of("test_accuracy", 0.5), Map.of(),
                "2026-01-01T00:00:00Z", null, null);
    }

    /** A BN + dropout CNN trained one epoch on real digits, so running statistics and eval mode matter. */
    static DigitModel trained(String spec) {
        return trained(spec, 42);
    }

    static DigitModel trained(String spec, long seed) {
        DigitModel model = DigitModel.create(ModelSpec.parse(spec));
        new TrainingLoop(model, TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 1).with(TrainingSettings.SEED, (long) seed), TrainingListener.SILENT)
                .fit(MnistFiles.train().head(3000), null);
        return model;
    }

    @Test
    void aSavedModelLoadsAndPredictsExactlyTheSame(@TempDir Path dir) throws Exception {
        String spec = "8C3-BN-P-D.25-32-BN-10";
        try (DigitModel model = trained(spec)) {
            float[] before = model.probabilities(test);
            ModelDescriptor saved = ModelStore.save(model, descriptor(model.spec(), "round-trip"), dir);
            assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("model.json", saved.paramsFile());
            try (ModelStore.Loaded loaded = ModelStore.load(dir)) {
                assertThat(loaded.descriptor()).isEqualTo(saved);
                assertThat(loaded.model().probabilities(test)).isEqualTo(before);
            }
        }
    }

    @Test
    void savingAgainReplacesTheParametersAndRemovesTheOldFile(@TempDir Path dir) throws Exception {
        try (DigitModel a = trained("16-10", 1); DigitModel b = trained("16-10", 2)) {
            ModelDescriptor first = ModelStore.save(a, descriptor(a.spec(), "a"), dir);
            ModelDescriptor second = ModelStore.save(b, descriptor(b.spec(), "b"), dir);
            assertThat(second.paramsFile()).isNotEqualTo(first.paramsFile());
            assertThat(dir.resolve(first.paramsFile())).doesNotExist();
            try (ModelStore.Loaded loaded = ModelStore.load(dir)) {
                assertThat(loaded.descriptor().name()).isEqualTo("b");
                assertThat(loaded.model().probabilities(test)).isEqualTo(b.probabilities(test));
            }
        }
    }

    @Test
    void aCorruptParameterFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        try (DigitModel model = trained("16-10")) {
            ModelDescriptor saved = ModelStore.save(model, descriptor(model.spec(), "m"), dir);
            Path params = dir.resolve(saved.paramsFile());
            byte[] bytes = Files.readAllBytes(params);
            bytes[bytes.length / 2] ^= 0x40;
            Files.write(params, bytes);
            assertThatThrownBy(() -> ModelStore.load(dir))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(params + ": corrupt (SHA-256 does not match model.json)");
        }
    }

    @Test
    void parametersOfAnotherArchitectureAreRefused(@TempDir Path dir) throws Exception {
        try (DigitModel model = trained("16-10")) {
            ModelDescriptor saved = ModelStore.save(model, descriptor(model.spec(), "m"), dir);
            ModelStore.writeDescriptor(new ModelDescriptor(saved.format(), saved.formatVersion(), saved.name(), "32-10",
                    saved.parameters(), saved.input(), saved.training(), saved.data(), saved.metrics(), saved.versions(),
                    saved.created(), saved.paramsFile(), saved.paramsSha256()), dir);
            assertThatThrownBy(() -> ModelStore.load(dir))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(dir.resolve(saved.paramsFile()) + ": does not match architecture 32-10");
        }
    }

    @Test
    void foreignOrMissingDescriptorsAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ModelStore.load(dir)).hasMessage(dir.resolve("model.json") + ": missing; " + dir
                + " is not a model directory");
        Files.writeString(dir.resolve("model.json"), "{\"format\": \"keras\"}");
        assertThatThrownBy(() -> ModelStore.load(dir)).hasMessageContaining("not a digits model descriptor");
        Files.writeString(dir.resolve("model.json"), "{not json");
        assertThatThrownBy(() -> ModelStore.load(dir)).hasMessageStartingWith(dir.resolve("model.json") + ": not a valid model descriptor");
        Files.writeString(dir.resolve("model.json"), "{\"format\":\"digits-model\",\"formatVersion\":1,\"architecture\":\"10\","
                + "\"paramsFile\":\"../../etc/passwd\",\"paramsSha256\":\"00\"}");
        assertThatThrownBy(() -> ModelStore.load(dir)).hasMessageContaining("'paramsFile' must be a plain file name");
    }
}
