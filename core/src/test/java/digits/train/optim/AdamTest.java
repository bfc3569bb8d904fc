package digits.train.optim;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PyTorch Adam/AdamW updates, w0 = [1, -0.5], g = [0.5, -1], [0.25, 0.5], [-0.5, 0.25], lr 0.01, betas
 * 0.9/0.999, eps 1e-8:  m = 0.9 m + 0.1 g;  v = 0.999 v + 0.001 g^2;
 * w -= 0.01 / (1 - 0.9^t) * m / (sqrt(v) / sqrt(1 - 0.999^t) + 1e-8). Values evaluated in doubles.
 */
class AdamTest {

    @Test
    void adamOverThreeStepsWithBiasCorrection() {
        // Step 1: bias-corrected m and sqrt(v) both equal |g|, so each weight moves by exactly lr.
        List<float[]> w = Steps.run(Adam.builder().setLearningRateTracker(Tracker.fixed(0.01f)).build());
        Steps.assertTrajectory(w,
                new float[] {0.99f, -0.49f},
                new float[] {0.980678204f, -0.487336630f},
                new float[] {0.979570373f, -0.486722741f});
    }

    @Test
    void adamWeightDecayIsL2OnTheGradient() {
        List<float[]> w = Steps.run(Adam.builder().setLearningRateTracker(Tracker.fixed(0.01f))
                .optWeightDecays(0.1f).build());
        Steps.assertTrajectory(w,
                new float[] {0.99f, -0.49f},
                new float[] {0.980465828f, -0.486781837f},
                new float[] {0.977292815f, -0.485441316f});
    }

    @Test
    void adamWShrinksTheWeightsBeforeTheAdamStep() {
        // w *= 1 - 0.01 * 0.1 first: step 1 gives 1 * 0.999 - 0.01 = 0.989 and -0.5 * 0.999 + 0.01 = -0.4895.
        List<float[]> w = Steps.run(Adam.adamWBuilder().setLearningRateTracker(Tracker.fixed(0.01f))
                .optWeightDecays(0.1f).build());
        Steps.assertTrajectory(w,
                new float[] {0.989f, -0.4895f},
                new float[] {0.978689204f, -0.486347130f},
                new float[] {0.976602684f, -0.485246894f});
    }
}
