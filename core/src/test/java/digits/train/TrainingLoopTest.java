package digits.train;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.data.StratifiedSplit;
import digits.eval.Evaluation;
import digits.model.Architectures;
import digits.model.DigitModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Short real trainings on real MNIST digits, checked against accuracy floors. */
class TrainingLoopTest {
    static Dataset train;
    static Dataset validation;
    static Dataset test;

    @BeforeAll
    static void data() {
        StratifiedSplit split = StratifiedSplit.split(MnistFiles.train().head(8000), 0.125, 42);
        train = split.train();
        validation = split.validation();
        test = MnistFiles.test().head(2000);
    }

    @Test
    void anMlpLearnsRealDigitsAboveTheFloor() {
        TrainingRequest config = TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 3).with(TrainingSettings.OPTIMIZER, "adam").with(TrainingSettings.LEARNING_RATE, 1e-3).with(TrainingSettings.SCHEDULE, "constant");
        List<EpochStats> seen = new ArrayList<>();
        try (DigitModel model = DigitModel.create(Architectures.resolve("mlp", "128", 0))) {
            TrainingLoop.Result result = new TrainingLoop(model, config, new TrainingListener() {
                @Override
                public void onEpochEnd(EpochStats stats, int epochs) {
                    seen.add(stats);
                }
            }).fit(train, validation);

            assertThat(result.history()).hasSize(3).isEqualTo(seen);
            assertThat(result.stoppedEarly()).isFalse();
            EpochStats first = result.history().get(0);
            EpochStats last = result.history().get(2);
            assertThat(last.loss()).isLessThan(first.loss());
            assertThat(last.valAccuracy()).isGreaterThan(0.90);
            assertThat(last.learningRate()).isEqualTo(1e-3, org.assertj.core.data.Offset.offset(1e-9));

            Evaluation evaluation = Evaluation.of(test.labels(), model.probabilities(test));
            assertThat(evaluation.accuracy()).isGreaterThan(0.87);
        }
    }

    @Test
    void aSmallCnnLearnsRealDigitsWithSgdNesterovAndCosine() {
        TrainingRequest config = TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 2).with(TrainingSettings.OPTIMIZER, "sgd").with(TrainingSettings.LEARNING_RATE, 0.05)
                .with(TrainingSettings.MOMENTUM, 0.9).with(TrainingSettings.NESTEROV, true).with(TrainingSettings.SCHEDULE, "cosine");
        try (DigitModel model = DigitModel.create(Architectures.resolve("8C5S2-BN-16C3S2-BN-10", null, 0))) {
            TrainingLoop.Result result = new TrainingLoop(model, config, TrainingListener.SILENT).fit(train, validation);
            assertThat(result.history().get(1).learningRate()).isLessThan(0.01); // cosine reached its tail
            assertThat(Evaluation.of(test.labels(), model.probabilities(test)).accuracy()).isGreaterThan(0.90);
        }
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestEpoch() {
        // min_delta 10 makes every epoch after the first "no improvement": patience 1 stops after epoch 2,
        // and restoring brings back epoch 1's weights, so the validation accuracy is epoch 1's again.
        TrainingRequest config = TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 6).with(TrainingSettings.EARLY_STOPPING, true).with(TrainingSettings.MONITOR, "val_loss").with(TrainingSettings.PATIENCE, 1).with(TrainingSettings.MIN_DELTA, (double) 10).with(TrainingSettings.RESTORE_BEST, true);
        List<String> messages = new ArrayList<>();
        try (DigitModel model = DigitModel.create(Architectures.resolve("logistic", null, 0))) {
            TrainingLoop.Result result = new TrainingLoop(model, config, new TrainingListener() {
                @Override
                public void onMessage(String message) {
                    messages.add(message);
                }
            }).fit(train, validation);
            assertThat(result.history()).hasSize(2);
            assertThat(result.stoppedEarly()).isTrue();
            assertThat(result.bestEpoch()).isEqualTo(1);
            assertThat(messages).anyMatch(m -> m.startsWith("Early stopping: val_loss has not improved for 1 epochs"));
            assertThat(messages).contains("Restored the weights of epoch 1 (best val_loss)");
            double restored = Evaluation.of(validation.labels(), model.probabilities(validation)).accuracy();
            assertThat(restored).isEqualTo(result.history().get(0).valAccuracy());
        }
    }

    @Test
    void monitoringValidationWithoutAValidationSetIsRefused() {
        TrainingRequest config = TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 1).with(TrainingSettings.EARLY_STOPPING, true).with(TrainingSettings.MONITOR, "val_accuracy").with(TrainingSettings.PATIENCE, 2).with(TrainingSettings.MIN_DELTA, (double) 0).with(TrainingSettings.RESTORE_BEST, true);
        try (DigitModel model = DigitModel.create(Architectures.resolve("logistic", null, 0))) {
            assertThatThrownBy(() -> new TrainingLoop(model, config, TrainingListener.SILENT).fit(train, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("early stopping monitors val_accuracy but there is no validation data");
        }
    }
}
