package digits.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TtaTest {
    @Test
    void theViewsTheToolOffers() {
        assertThat(Tta.NONE.isNone()).isTrue();
        assertThat(Tta.NONE.describe()).isEqualTo("none");
        assertThat(Tta.SHIFTS).isEqualTo(Tta.shifts(8));
        assertThat(Tta.SHIFTS.copies()).isEqualTo(8);
        assertThat(Tta.DEFAULT.copies()).isEqualTo(16);
        assertThat(Tta.DEFAULT.describe()).isEqualTo("8 one-pixel shifts, rotations of ±3 and ±6 degrees, zooms of ±0.05 and ±0.1");
        assertThat(new Tta(4, List.of(5.0), List.of()).describe()).isEqualTo("4 one-pixel shifts, rotations of ±5 degrees");
    }

    @Test
    void valuesOutOfRangeAreRefusedWithTheRule() {
        assertThatThrownBy(() -> Tta.shifts(9)).hasMessage("test-time augmentation takes 0 to 8 shifts, got 9");
        assertThatThrownBy(() -> new Tta(0, List.of(45.0), List.of()))
                .hasMessage("test-time rotations must be above 0 and at most 30 degrees, got 45");
        assertThatThrownBy(() -> new Tta(0, List.of(), List.of(0.0)))
                .hasMessage("test-time zooms must be above 0 and at most 0.5, got 0");
    }

    @Test
    void recommendedViewsFollowHowTheModelsWereTrained() {
        ModelDescription augmented = model(Map.of("augment", "default"));
        ModelDescription plain = model(Map.of("augment", "none"));
        ModelDescription unknown = model(Map.of());
        assertThat(augmented.trainedWithAugmentation()).isTrue();
        assertThat(plain.trainedWithAugmentation()).isFalse();
        assertThat(unknown.trainedWithAugmentation()).isFalse();
        assertThat(model(Map.of("augment", "rotation=banana")).trainedWithAugmentation()).isFalse();
        assertThat(Tta.recommendedFor(List.of(augmented, augmented))).isEqualTo(Tta.DEFAULT);
        assertThat(Tta.recommendedFor(List.of(augmented, plain))).isEqualTo(Tta.SHIFTS);
        assertThat(Tta.recommendedFor(List.of())).isEqualTo(Tta.SHIFTS);
    }

    private static ModelDescription model(Map<String, Object> training) {
        return new ModelDescription("m", "10", 7850, null, training, null, null, null, null, "00");
    }
}
