package digits.train.optim;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-computed PyTorch SGD updates, w0 = [1, -0.5], g = [0.5, -1], [0.25, 0.5], [-0.5, 0.25], lr 0.1.
 */
class MomentumSgdTest {

    private static final float TOL = 1e-6f;

    @Test
    void classicMomentumAccumulatesTheBufferThenStepsAlongIt() {
        // b1 = g1 = [0.5, -1]                          w1 = w0 - 0.1 b1 = [0.95, -0.4]
        // b2 = 0.9 b1 + g2 = [0.7, -0.4]               w2 = [0.88, -0.36]
        // b3 = 0.9 b2 + g3 = [0.13, -0.11]             w3 = [0.867, -0.349]
        List<float[]> w = Steps.run(MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f))
                .optMomentum(0.9f).build());
        Steps.assertTrajectory(w,
                new float[] {0.95f, -0.4f},
                new float[] {0.88f, -0.36f},
                new float[] {0.867f, -0.349f});
    }

    @Test
    void nesterovStepsAlongGradientPlusMomentumTimesTheNewBuffer() {
        // Same buffers as classic; step = g + 0.9 b:
        // s1 = [0.95, -1.9]     w1 = [0.905, -0.31]
        // s2 = [0.88, 0.14]     w2 = [0.817, -0.324]
        // s3 = [-0.383, 0.151]  w3 = [0.8553, -0.3391]
        List<float[]> w = Steps.run(MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f))
                .optMomentum(0.9f).optNesterov(true).build());
        Steps.assertTrajectory(w,
                new float[] {0.905f, -0.31f},
                new float[] {0.817f, -0.324f},
                new float[] {0.8553f, -0.3391f});
    }

    @Test
    void nesterovLooksFurtherAheadThanClassicMomentumOnTheFirstStep() {
        // Step 1 moves by lr*g classically but by lr*(1 + mu)*g with Nesterov.
        float[] classic = Steps.run(MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f))
                .optMomentum(0.5f).build()).get(0);
        float[] nesterov = Steps.run(MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f))
                .optMomentum(0.5f).optNesterov(true).build()).get(0);
        assertThat(1f - classic[0]).isCloseTo(0.05f, within(TOL));
        assertThat(1f - nesterov[0]).isCloseTo(0.075f, within(TOL));
    }

    @Test
    void weightDecayAddsL2TermToTheGradient() {
        // g' = g + 0.1 w, plain SGD:
        // g'1 = [0.6, -1.05]            w1 = [0.94, -0.395]
        // g'2 = [0.344, 0.4605]         w2 = [0.9056, -0.44105]
        // g'3 = [-0.40944, 0.205895]    w3 = [0.946544, -0.4616395]
        List<float[]> w = Steps.run(MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f))
                .optWeightDecays(0.1f).build());
        Steps.assertTrajectory(w,
                new float[] {0.94f, -0.395f},
                new float[] {0.9056f, -0.44105f},
                new float[] {0.946544f, -0.4616395f});
    }

    @Test
    void rejectsNesterovWithoutMomentumAndOutOfRangeMomentum() {
        assertThatThrownBy(() -> MomentumSgd.builder().optNesterov(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Nesterov momentum requires momentum > 0");
        assertThatThrownBy(() -> MomentumSgd.builder().optMomentum(1f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("momentum must be in [0, 1), got 1.0");
    }
}
