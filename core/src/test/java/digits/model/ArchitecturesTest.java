package digits.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchitecturesTest {

    /** Help and error messages come from {@link Architectures#presetNames}: every name resolve accepts is in them. */
    @Test
    void helpNamesEveryPreset() {
        List<String> names = Architectures.presetNames();
        List<String> expected = new ArrayList<>(Architectures.presets().keySet());
        expected.add(Architectures.MLP);
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected).startsWith("logistic", "mlp")
                .contains(Architectures.DEFAULT, "wide-cnn");
        String help = Architectures.presetHelp();
        assertThat(help).doesNotContain("\n").isEqualTo(String.join(", ", names) + ", or a layer spec such as 32C3-P-128-10");
        assertThat(ModelSpec.parse("32C3-P-128-10")).isNotNull();
        for (String name : names) {
            assertThat(Architectures.resolve(name, null, 0)).as(name).isNotNull();
            assertThat(Architectures.resolve(name.toUpperCase(java.util.Locale.ROOT), null, 0)).as(name).isNotNull();
        }
        assertThatThrownBy(() -> Architectures.resolve("resnet", null, 0))
                .hasMessage("unknown model 'resnet': use one of " + String.join(", ", names)
                        + " or a layer spec such as 32C3-P-128-10");
    }

    @Test
    void presetsKeepTheirOrder() {
        assertThat(Architectures.presets().keySet()).containsExactlyElementsOf(Architectures.names());
    }
}
