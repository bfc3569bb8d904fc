package digits.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatienceEpochsWithoutAnImprovementLargerThanMinDelta() {
        EarlyStopping stopping = new EarlyStopping(Monitor.VAL_LOSS, 2, 0.01);
        assertThat(stopping.onEpochEnd(0, 0.50)).isEqualTo(new EarlyStopping.Verdict(true, false));
        assertThat(stopping.onEpochEnd(1, 0.45)).isEqualTo(new EarlyStopping.Verdict(true, false));
        assertThat(stopping.onEpochEnd(2, 0.445)).as("better, but by less than min_delta")
                .isEqualTo(new EarlyStopping.Verdict(false, false));
        assertThat(stopping.onEpochEnd(3, 0.43)).isEqualTo(new EarlyStopping.Verdict(true, false));
        assertThat(stopping.onEpochEnd(4, 0.44)).isEqualTo(new EarlyStopping.Verdict(false, false));
        assertThat(stopping.onEpochEnd(5, Double.NaN)).as("a diverged loss is a bad epoch")
                .isEqualTo(new EarlyStopping.Verdict(false, true));
        assertThat(stopping.bestEpoch()).isEqualTo(3);
        assertThat(stopping.bestValue()).isEqualTo(0.43);
    }

    @Test
    void accuracyIsMaximisedAndPatienceZeroStopsAtTheFirstBadEpoch() {
        EarlyStopping stopping = new EarlyStopping(Monitor.parse("val_accuracy"), 0, 0);
        assertThat(stopping.onEpochEnd(0, 0.90).best()).isTrue();
        assertThat(stopping.onEpochEnd(1, 0.95).best()).isTrue();
        assertThat(stopping.onEpochEnd(2, 0.95)).isEqualTo(new EarlyStopping.Verdict(false, true));
        assertThat(stopping.bestEpoch()).isEqualTo(1);
    }

    @Test
    void readsTheMonitoredMetricFromEpochStats() {
        EarlyStopping onTrainingLoss = new EarlyStopping(Monitor.LOSS, 1, 0);
        // epoch, loss, accuracy, val_loss, val_accuracy, lr, seconds: val_loss rises, training loss falls
        assertThat(onTrainingLoss.onEpochEnd(new EpochStats(0, 0.40, 0.88, 0.30, 0.91, 0.01, 2)).best()).isTrue();
        assertThat(onTrainingLoss.onEpochEnd(new EpochStats(1, 0.30, 0.90, 0.35, 0.90, 0.01, 2)).best()).isTrue();
        assertThat(onTrainingLoss.bestEpoch()).isEqualTo(1);
        assertThat(Monitor.VAL_ACCURACY.valueOf(new EpochStats(0, 0.4, 0.8, 0.3, 0.91, 0.01, 2))).isEqualTo(0.91);
        assertThat(Monitor.VAL_LOSS.needsValidation()).isTrue();
        assertThat(Monitor.ACCURACY.needsValidation()).isFalse();
    }

    @Test
    void rejectsUnknownMonitorsAndNegativeSettings() {
        assertThatThrownBy(() -> Monitor.parse("acc"))
                .hasMessage("unknown monitor 'acc'; valid: val_loss, val_accuracy, loss, accuracy");
        assertThatThrownBy(() -> new EarlyStopping(Monitor.LOSS, -1, 0))
                .hasMessage("patience must be >= 0, got -1");
        assertThatThrownBy(() -> new EarlyStopping(Monitor.LOSS, 1, -0.1))
                .hasMessage("min_delta must be >= 0, got -0.1");
    }
}
