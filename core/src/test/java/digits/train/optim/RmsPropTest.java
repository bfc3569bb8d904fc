package digits.train.optim;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * PyTorch RMSprop updates, w0 = [1, -0.5], g = [0.5, -1], [0.25, 0.5], [-0.5, 0.25], lr 0.01, rho 0.9,
 * eps 1e-8. Expected values evaluated in doubles from the formulas in the comments.
 */
class RmsPropTest {

    private static final float TOL = 1e-6f;

    private static RmsProp.Builder rmsprop() {
        return RmsProp.builder().setLearningRateTracker(Tracker.fixed(0.01f)).optRho(0.9f).optEpsilon(1e-8f);
    }

    @Test
    void firstStepMovesEachWeightByLrOverSqrtOneMinusRho() {
        // v1 = 0.1 g^2, so g / sqrt(v1) = sign(g) / sqrt(0.1): every weight moves by 0.01 * 3.16227766 first.
        float[] w1 = Steps.run(rmsprop().build()).get(0);
        assertThat(w1).containsExactly(new float[] {1f - 0.0316227766f, -0.5f + 0.0316227766f}, within(TOL));
    }

    @Test
    void plainRmsPropOverThreeSteps() {
        // v = 0.9 v + 0.1 g^2;  w -= 0.01 g / (sqrt(v) + 1e-8)
        List<float[]> w = Steps.run(rmsprop().build());
        Steps.assertTrajectory(w,
                new float[] {0.968377225f, -0.468377224f},
                new float[] {0.953633031f, -0.483121420f},
                new float[] {0.975800585f, -0.490667783f});
    }

    @Test
    void centeredDividesByTheStandardDeviationEstimate() {
        // a = 0.9 a + 0.1 g;  w -= 0.01 g / (sqrt(v - a^2) + 1e-8); step 1: sqrt(0.1 g^2 - 0.01 g^2) = 0.3 |g|
        List<float[]> w = Steps.run(rmsprop().optCentered(true).build());
        Steps.assertTrajectory(w,
                new float[] {0.966666669f, -0.466666668f},
                new float[] {0.950478572f, -0.481514514f},
                new float[] {0.972683037f, -0.489065041f});
    }

    @Test
    void momentumAccumulatesTheNormalisedSteps() {
        // b = 0.9 b + g / (sqrt(v) + 1e-8);  w -= 0.01 b
        List<float[]> w = Steps.run(rmsprop().optMomentum(0.9f).build());
        Steps.assertTrajectory(w,
                new float[] {0.968377225f, -0.468377224f},
                new float[] {0.925172534f, -0.454660922f},
                new float[] {0.908455865f, -0.449862613f});
    }

    @Test
    void weightDecayEntersTheGradientBeforeTheSquaredAverage() {
        // g' = g + 0.1 w feeds both v and the step (PyTorch's coupled weight_decay)
        List<float[]> w = Steps.run(rmsprop().optWeightDecays(0.1f).build());
        Steps.assertTrajectory(w,
                new float[] {0.968377225f, -0.468377224f},
                new float[] {0.951922527f, -0.481471960f},
                new float[] {0.968971997f, -0.487507267f});
    }

    @Test
    void rejectsInvalidHyperParameters() {
        assertThatThrownBy(() -> RmsProp.builder().optRho(1f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rho must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> RmsProp.builder().optEpsilon(0f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epsilon must be > 0, got 0.0");
    }
}
