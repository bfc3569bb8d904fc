package digits.robust;

import digits.data.InvalidInputException;
import digits.model.Architectures;
import digits.model.DigitModel;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ParamsLayout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layout check accepts what every architecture really writes, and refuses the same file with one header byte changed. */
class ParamsLayoutTest {
    @ParameterizedTest
    @ValueSource(strings = {"logistic", "mlp", "kaggle-cnn", "deep-cnn", "bn-cnn", "fast-cnn", "mid-cnn", "quick-cnn", "wide-cnn", "8C3-GAP-10", "16C5S2valid-BN-D.3-32-10"})
    void acceptsWhatTheArchitectureWritesAndNothingElse(String name, @TempDir Path dir) throws IOException {
        ModelSpec spec = Architectures.resolve(name, null, name.equals("mlp") ? 0.2 : 0);
        try (DigitModel model = DigitModel.create(spec)) {
            model.initialize();
            ModelDescriptor saved = ModelStore.save(model, new ModelDescriptor(ModelDescriptor.FORMAT, ModelDescriptor.FORMAT_VERSION,
                    name, spec.toString(), 0, ModelDescriptor.Input.mnist(), null, null, null, null, null, null, null), dir);
            Path file = dir.resolve(saved.paramsFile());
            byte[] params = Files.readAllBytes(file);
            assertThatCode(() -> ParamsLayout.check(spec, params, file)).doesNotThrowAnyException();

            // The first array's rank follows its data type name; 2 or 4 become 2^31 - 16.
            int rank = Damage.firstRank(params);
            byte[] damaged = params.clone();
            ByteBuffer.wrap(damaged).putInt(rank, 0x7ffffff0);
            assertThatThrownBy(() -> ParamsLayout.check(spec, damaged, file))
                    .isExactlyInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith(file + ": does not match architecture " + spec + ": byte " + rank + " (in the header of parameter ");

            byte[] longer = java.util.Arrays.copyOf(params, params.length + 1);
            assertThatThrownBy(() -> ParamsLayout.check(spec, longer, file))
                    .hasMessage(file + ": does not match architecture " + spec + ": " + longer.length
                            + " bytes, but its parameter files have " + params.length + " bytes");
        }
    }
}
