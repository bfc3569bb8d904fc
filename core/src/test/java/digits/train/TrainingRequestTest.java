package digits.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static digits.train.TrainingSettings.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingRequestTest {

    @Test
    void defaultsAreTheTablesDefaults() {
        TrainingRequest d = TrainingRequest.defaults();
        for (Setting<?> s : ALL) assertThat((Object) d.get(s)).as(s.key()).isEqualTo(s.defaultValue());
        assertThat(d.toString()).isEmpty();
        assertThat(d.modelName()).isEqualTo("quick-cnn");
        assertThat(d.modelSpec().toString()).isEqualTo("32C5S2valid-BN-32C3valid-BN-64C3S2valid-BN-128-BN-10");
        assertThat(TrainingRequest.builder().build()).isEqualTo(d);
    }

    @Test
    void everySettingHasAUniqueKeyHelpAndAValidDefault() {
        assertThat(keys()).doesNotHaveDuplicates();
        for (Setting<?> s : ALL) {
            assertThat(s.key()).matches("[a-z0-9-]+");
            assertThat(s.help()).as(s.key()).isNotBlank().doesNotEndWith(".");
            assertThat(byKey(s.key())).isSameAs(s);
        }
    }

    @Test
    void theRecipeTextOfARequestParsesBackIntoTheSameRequest() {
        TrainingRequest r = TrainingRequest.builder().set(MODEL, "mlp").set(HIDDEN, "64,32").set(DROPOUT, 0.2)
                .set(EPOCHS, 7).set(OPTIMIZER, "sgd").set(LEARNING_RATE, 0.05).set(MOMENTUM, 0.9).set(NESTEROV, true)
                .set(SCHEDULE, "cosine").set(AUGMENT, "default,elastic=1.5").set(SEED, 9L).set(LIMIT, 500)
                .set(EPSILON, 1e-7).set(EARLY_STOPPING, true).set(PATIENCE, 0).set(RESTORE_BEST, false).build();
        assertThat(r.toString()).isEqualTo("model=mlp,hidden=64,32,dropout=0.2,limit=500,seed=9,epochs=7,optimizer=sgd,"
                + "lr=0.05,momentum=0.9,nesterov=true,eps=1E-7,lr-schedule=cosine,augment=default,elastic=1.5,"
                + "early-stopping=true,patience=0,restore-best=false");
        TrainingRequest.Builder again = TrainingRequest.builder();
        for (Setting<?> s : ALL) {
            if (!((Object) r.get(s)).equals(s.defaultValue())) again.parse(s.key(), format(s, r.get(s)));
        }
        assertThat(again.build()).isEqualTo(r);
        assertThat(r.modelName()).isEqualTo("mlp-64-32");
        assertThat(r.modelSpec().toString()).isEqualTo("64-D.2-32-D.2-10");
    }

    private static <T> String format(Setting<T> s, Object v) {
        return s.format(s.cast(v));
    }

    @Test
    void eachSettingChecksItsOwnValueAndTheMessageNamesIt() {
        assertThatThrownBy(() -> TrainingRequest.builder().set(EPOCHS, 0)).hasMessage("epochs must be at least 1, got 0");
        assertThatThrownBy(() -> TrainingRequest.builder().set(BATCH_SIZE, -3)).hasMessage("batch-size must be at least 1, got -3");
        assertThatThrownBy(() -> TrainingRequest.builder().set(DROPOUT, Double.NaN)).hasMessage("dropout must be in [0,1), got NaN");
        assertThatThrownBy(() -> TrainingRequest.builder().set(PATIENCE, -1)).hasMessage("patience must be at least 0, got -1");
        assertThatThrownBy(() -> TrainingRequest.builder().set(LEARNING_RATE, 0.0)).hasMessage("lr must be a positive number, got 0");
        assertThatThrownBy(() -> TrainingRequest.builder().set(LEARNING_RATE, Double.POSITIVE_INFINITY))
                .hasMessage("lr must be a positive number, got Infinity");
        assertThatThrownBy(() -> TrainingRequest.builder().set(VAL_SPLIT, 1.0)).hasMessage("val-split must be in [0,1), got 1");
        assertThatThrownBy(() -> TrainingRequest.builder().set(MIN_DELTA, -0.5)).hasMessage("min-delta must be a finite number >= 0, got -0.5");
        assertThatThrownBy(() -> TrainingRequest.builder().set(OPTIMIZER, "adagrad"))
                .hasMessage("optimizer must be one of adam, adamw, sgd, rmsprop, got adagrad");
        assertThatThrownBy(() -> TrainingRequest.builder().parse("epochs", "three")).hasMessage("epochs 'three' is not a whole number");
        assertThatThrownBy(() -> TrainingRequest.builder().parse("lr", "fast")).hasMessage("lr 'fast' is not a number");
        assertThatThrownBy(() -> TrainingRequest.builder().parse("nesterov", "yes")).hasMessage("nesterov 'yes' is not true or false");
        assertThatThrownBy(() -> TrainingRequest.builder().parse("colour", "red"))
                .hasMessageStartingWith("colour is not a training setting (known: model, hidden, dropout,");
        assertThatThrownBy(() -> TrainingRequest.builder().parse("monitor", "val_f1")).hasMessageStartingWith("unknown monitor 'val_f1'");
        assertThatThrownBy(() -> TrainingRequest.builder().parse("augment", "tilt=3"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("tilt");
    }

    @Test
    void checksBetweenSettingsAreMadeBeforeAnyDataIsLoaded() {
        assertThatThrownBy(() -> TrainingRequest.builder().set(MODEL, "resnet").build()).hasMessageStartingWith("unknown model 'resnet'");
        assertThatThrownBy(() -> TrainingRequest.builder().set(SCHEDULE, "sometimes").build())
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("unknown learning-rate schedule 'sometimes'");
        assertThatThrownBy(() -> TrainingRequest.builder().set(SCHEDULE, "plateau").set(VAL_SPLIT, 0.0).build())
                .hasMessage("lr-schedule plateau monitors val_loss, which needs a validation split (val-split > 0)");
        assertThatThrownBy(() -> TrainingRequest.builder().set(EARLY_STOPPING, true).set(VAL_SPLIT, 0.0).build())
                .hasMessage("monitor val_loss for early stopping needs a validation split (val-split > 0)");
        assertThatThrownBy(() -> TrainingRequest.builder().set(NESTEROV, true).build())
                .hasMessage("nesterov applies only to the sgd optimizer, not adam");
        assertThatThrownBy(() -> TrainingRequest.builder().set(NESTEROV, true).set(OPTIMIZER, "sgd").build())
                .hasMessage("nesterov needs momentum > 0");
        // without early stopping, the monitor is not used: no validation needed
        assertThat(TrainingRequest.builder().set(VAL_SPLIT, 0.0).build().valSplit()).isZero();
        InvalidSettingException e = (InvalidSettingException) org.assertj.core.api.Assertions.catchThrowable(
                () -> TrainingRequest.builder().set(EPOCHS, 0));
        assertThat(e.key()).isEqualTo("epochs");
        assertThat(e.messageNaming("--epochs")).isEqualTo("--epochs must be at least 1, got 0");
    }

    @Test
    void aFrontEndsOwnDefaultsGoOverTheTablesAndSettingsStillWin() {
        TrainingRequest sweep = TrainingRequest.builder().setAll(Sweep.DEFAULTS).build();
        assertThat(sweep.get(MODEL)).isEqualTo("mlp");
        assertThat(sweep.epochs()).isEqualTo(5);
        assertThat(sweep.learningRate()).isEqualTo(0.001);
        assertThat(sweep.schedule()).isEqualTo("constant");
        assertThat(sweep.batchSize()).isEqualTo(BATCH_SIZE.defaultValue());
        assertThat(TrainingRequest.builder().setAll(Sweep.DEFAULTS).set(EPOCHS, 2).build().epochs()).isEqualTo(2);
        assertThat(TrainingRequest.builder().setAll(Map.of(LEARNING_RATE, 1)).build().learningRate()).isEqualTo(1.0);
    }

    @Test
    void theDescriptorRecordsTheOptimizersOwnHyperParametersWithKerasNames() {
        assertThat(TrainingRequest.defaults().describe()).containsExactly(
                Map.entry("init", "fan-in"), Map.entry("seed", 42L), Map.entry("epochs", 3), Map.entry("batch_size", 128), Map.entry("optimizer", "adam"),
                Map.entry("learning_rate", 0.005), Map.entry("beta_1", 0.9), Map.entry("beta_2", 0.999),
                Map.entry("epsilon", 1e-8), Map.entry("weight_decay", 0.0), Map.entry("lr_schedule", "onecycle"),
                Map.entry("label_smoothing", 0.0), Map.entry("augment", "none"));
        Map<String, Object> sgd = TrainingRequest.builder().set(OPTIMIZER, "sgd").set(MOMENTUM, 0.9).set(CLIP_GRADIENT, 1.0)
                .set(EARLY_STOPPING, true).build().describe();
        assertThat(sgd).containsKeys("momentum", "nesterov", "clip_gradient", "early_stopping").doesNotContainKeys("beta_1", "rho", "epsilon");
        assertThat(TrainingRequest.builder().set(OPTIMIZER, "rmsprop").build().describe())
                .containsKeys("rho", "momentum", "epsilon").doesNotContainKeys("beta_1", "nesterov");
    }

    @Test
    void aSpecThatCannotFitInThisMachinesMemoryIsRefusedWithTheEstimate() {
        assertThatThrownBy(() -> TrainingRequest.builder().set(MODEL, "65536C3-65536C3-10").build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageMatching("model 65536C3-65536C3-10 needs about [0-9.]+ GB to train with batches of 128 "
                        + "\\([0-9,]+ parameters\\), more than this machine's [0-9.]+ GB");
        assertThat(digits.model.MemoryEstimate.trainingBytes(TrainingRequest.defaults().modelSpec(), 128))
                .isBetween(10_000_000L, 1_000_000_000L);
        assertThat(TrainingRequest.builder().set(MODEL, "wide-cnn").set(BATCH_SIZE, 1_000_000).set(LIMIT, 100).build()
                .batchSize()).isEqualTo(1_000_000);
    }
}
