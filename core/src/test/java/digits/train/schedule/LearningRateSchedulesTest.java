package digits.train.schedule;

import digits.train.EpochStats;
import digits.train.Monitor;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LearningRateSchedulesTest {

    private static final double TOL = 1e-12;

    @Test
    void constantIgnoresProgress() {
        LearningRateSchedule s = LearningRateSchedules.parse("constant", 0.01, 20);
        assertThat(s.rate(0, 0, 100)).isEqualTo(0.01);
        assertThat(s.rate(19, 99, 100)).isEqualTo(0.01);
    }

    @Test
    void stepDecayMultipliesByGammaEveryNEpochs() {
        LearningRateSchedule s = LearningRateSchedules.parse("step:10:0.5", 0.1, 40);
        assertThat(s).isEqualTo(new StepDecay(0.1, 10, 0.5));
        assertThat(s.rate(9, 99, 100)).isEqualTo(0.1);
        assertThat(s.rate(10, 0, 100)).isEqualTo(0.05);
        assertThat(s.rate(19, 5, 100)).isEqualTo(0.05);
        assertThat(s.rate(20, 0, 100)).isEqualTo(0.025);
        assertThat(s.rate(35, 0, 100)).isEqualTo(0.0125);
        assertThat(LearningRateSchedules.parse("step:gamma=0.5,every=3", 0.1, 40).rate(3, 0, 1)).isEqualTo(0.05);
        assertThat(LearningRateSchedules.parse("step", 0.1, 40)).isEqualTo(new StepDecay(0.1, 10, 0.1));
    }

    @Test
    void exponentialDecaysEveryEpoch() {
        LearningRateSchedule s = LearningRateSchedules.parse("exp:0.9", 0.1, 10);
        assertThat(s.rate(0, 7, 10)).isEqualTo(0.1);
        assertThat(s.rate(1, 0, 10)).isCloseTo(0.09, within(TOL));
        assertThat(s.rate(3, 9, 10)).isCloseTo(0.0729, within(TOL));
    }

    @Test
    void cosineAnnealsPerStepToTheMinimum() {
        // 10 epochs x 100 steps: rate = 0.001 + 0.099 * (1 + cos(pi * s / 1000)) / 2
        LearningRateSchedule s = LearningRateSchedules.parse("cosine:min=0.001", 0.1, 10);
        assertThat(s.rate(0, 0, 100)).isCloseTo(0.1, within(TOL));
        assertThat(s.rate(2, 50, 100)).isCloseTo(0.0855017856687341, within(TOL)); // s = 250: cos(pi/4)
        assertThat(s.rate(5, 0, 100)).isCloseTo(0.0505, within(TOL));              // halfway
        assertThat(s.rate(9, 99, 100)).isCloseTo(0.0010002442725080185, within(TOL));
        assertThat(s.rate(12, 0, 100)).as("past the planned run").isCloseTo(0.001, within(TOL));
    }

    @Test
    void cosineWarmsUpLinearlyFirst() {
        // 2 warm-up epochs = 200 steps: 0.1 * (s + 1) / 200, then cosine over the remaining 800 steps.
        LearningRateSchedule s = LearningRateSchedules.parse("cosine:min=0.001:warmup=2", 0.1, 10);
        assertThat(s.rate(0, 0, 100)).isCloseTo(0.0005, within(TOL));
        assertThat(s.rate(0, 99, 100)).isCloseTo(0.05, within(TOL));
        assertThat(s.rate(1, 99, 100)).isCloseTo(0.1, within(TOL));
        assertThat(s.rate(2, 0, 100)).isCloseTo(0.1, within(TOL));
        assertThat(s.rate(6, 0, 100)).isCloseTo(0.0505, within(TOL)); // 400 of 800 cosine steps
    }

    @Test
    void oneCycleMatchesPyTorchOneCycleLr() {
        // 11 epochs x 10 steps, max 0.1: starts at 0.1/25, peaks at step 0.3*110 - 1 = 32, ends at 0.004/1e4.
        LearningRateSchedule s = LearningRateSchedules.parse("onecycle", 0.1, 11);
        assertThat(s.rate(0, 0, 10)).isCloseTo(0.004, within(TOL));
        assertThat(s.rate(1, 6, 10)).isCloseTo(0.052, within(TOL)); // halfway up the cosine
        assertThat(s.rate(3, 2, 10)).isCloseTo(0.1, within(TOL));
        assertThat(s.rate(7, 0, 10)).isCloseTo(0.0510201227898628, within(TOL));
        assertThat(s.rate(10, 9, 10)).isCloseTo(4e-7, within(TOL));
    }

    @Test
    void plateauReducesAfterPatienceHonouringMinDeltaCooldownAndMinimum() {
        LearningRateSchedule s = LearningRateSchedules.parse(
                "plateau:factor=0.5:patience=2:min_delta=0.01:cooldown=1:min_lr=0.02", 0.1, 30);
        assertThat(s.monitor()).isEqualTo(Monitor.VAL_LOSS);
        double[] valLoss = {1.0, 0.995, 0.99, 1.5, 0.97, 0.965, Double.NaN, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95};
        double[] rateAfter = {0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02};
        // e1, e2: improvements smaller than min_delta count as bad -> halve after 2 (e2).
        // e3: bad but absorbed by the cooldown.  e6: NaN is bad -> halve.  e9: 0.0125 clamps to min_lr 0.02.
        for (int epoch = 0; epoch < valLoss.length; epoch++) {
            s.onEpochEnd(epoch, valLoss[epoch]);
            assertThat(s.rate(epoch + 1, 0, 10)).as("rate after epoch %d", epoch).isEqualTo(rateAfter[epoch]);
        }
    }

    @Test
    void plateauOnAccuracyWaitsForIncreases() {
        ReduceOnPlateau s = (ReduceOnPlateau) LearningRateSchedules.parse(
                "plateau:monitor=val_accuracy:patience=1:min_delta=0", 0.1, 30);
        s.onEpochEnd(0, 0.90);
        s.onEpochEnd(1, 0.95);
        assertThat(s.currentRate()).isEqualTo(0.1);
        s.onEpochEnd(2, 0.94);
        assertThat(s.currentRate()).isCloseTo(0.01, within(TOL));
        s.onEpochEnd(new EpochStats(3, 0.1, 0.99, 0.2, 0.93, 0.01, 1)); // reads val_accuracy: 0.93 is bad again
        assertThat(s.currentRate()).isCloseTo(0.001, within(TOL));
        ReduceOnPlateau forcedMin = (ReduceOnPlateau) LearningRateSchedules.parse(
                "plateau:monitor=val_accuracy:mode=min:patience=1:min_delta=0", 0.1, 30);
        forcedMin.onEpochEnd(0, 0.90);
        forcedMin.onEpochEnd(1, 0.95); // worse when minimising
        assertThat(forcedMin.currentRate()).isCloseTo(0.01, within(TOL));
    }

    @Test
    void mutableRateFeedsTheScheduleToTheOptimizer() {
        MutableRate rate = new MutableRate(0.1);
        assertThat(rate.getNewValue(1)).isEqualTo(0.1f);
        rate.set(0.025);
        assertThat(rate.getNewValue("any.parameter", 7)).isEqualTo(0.025f);
        assertThatThrownBy(() -> rate.set(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("learning rate must be finite and >= 0, got NaN");
    }

    @Test
    void malformedSpecsGiveOneLineMessages() {
        assertThatThrownBy(() -> LearningRateSchedules.parse("linear", 0.1, 10))
                .hasMessage("unknown learning-rate schedule 'linear'; "
                        + "valid: constant, step, exp, cosine, onecycle, plateau");
        assertThatThrownBy(() -> LearningRateSchedules.parse("step:every=x", 0.1, 10))
                .hasMessage("learning-rate schedule 'step': every must be a whole number, got 'x'");
        assertThatThrownBy(() -> LearningRateSchedules.parse("step:10:0.5:3", 0.1, 10))
                .hasMessage("learning-rate schedule 'step': too many options (3); valid: every, gamma");
        assertThatThrownBy(() -> LearningRateSchedules.parse("cosine:warm=1", 0.1, 10))
                .hasMessage("learning-rate schedule 'cosine': unknown option 'warm'; valid: min, warmup");
        assertThatThrownBy(() -> LearningRateSchedules.parse("step:10:gamma=1.5", 0.1, 10))
                .hasMessage("learning-rate schedule 'step': gamma must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> LearningRateSchedules.parse("step:10:every=3", 0.1, 10))
                .hasMessage("learning-rate schedule 'step': option 'every' given twice");
        assertThatThrownBy(() -> LearningRateSchedules.parse("cosine:warmup=10", 0.1, 10))
                .hasMessage("learning-rate schedule 'cosine': warmup must be in [0, 10) epochs, got 10.0");
        assertThatThrownBy(() -> LearningRateSchedules.parse("plateau:monitor=val_acc", 0.1, 10))
                .hasMessage("learning-rate schedule 'plateau': unknown monitor 'val_acc'; "
                        + "valid: val_loss, val_accuracy, loss, accuracy");
        assertThatThrownBy(() -> LearningRateSchedules.parse("constant:1", 0.1, 10))
                .hasMessage("learning-rate schedule 'constant': too many options (1); valid: none");
    }

    /** Both help texts come from the parser's table: every schedule is named, with the defaults the parser uses. */
    @Test
    void helpNamesEveryScheduleTheParserAcceptsWithItsDefaults() {
        assertThat(LearningRateSchedules.names()).containsExactly("constant", "step", "exp", "cosine", "onecycle", "plateau");
        assertThat(LearningRateSchedules.forms()).hasSameSizeAs(LearningRateSchedules.names());
        String summary = LearningRateSchedules.summary();
        assertThat(summary).doesNotContain("\n");
        for (int i = 0; i < LearningRateSchedules.names().size(); i++) {
            String name = LearningRateSchedules.names().get(i);
            String form = LearningRateSchedules.forms().get(i);
            assertThat(form).as(name).matches(name + "(:[a-z_]+=[^:]+)*");
            assertThat(LearningRateSchedules.HELP).containsPattern("\n  " + Pattern.quote(form) + "[ \n]");
            assertThat(summary).containsPattern("(^|, )" + name + "(:|,| )");
            LearningRateSchedule full = LearningRateSchedules.parse(form, 0.01, 10);
            if (full instanceof Record) { // the defaults help shows are the parser's own
                assertThat(full).as(form).isEqualTo(LearningRateSchedules.parse(name, 0.01, 10));
            }
        }
        assertThat(LearningRateSchedules.parse("exp", 0.1, 10)).isEqualTo(new ExponentialDecay(0.1, 0.9));
        assertThat(LearningRateSchedules.parse("cosine", 0.1, 10)).isEqualTo(new CosineAnnealing(0.1, 0, 10, 0));
        assertThat(LearningRateSchedules.parse("onecycle", 0.1, 10)).isEqualTo(new OneCycle(0.1, 10, 0.3, 25, 1e4));
        assertThatThrownBy(() -> LearningRateSchedules.parse("linear", 0.1, 10))
                .hasMessage("unknown learning-rate schedule 'linear'; valid: " + String.join(", ", LearningRateSchedules.names()));
    }
}
