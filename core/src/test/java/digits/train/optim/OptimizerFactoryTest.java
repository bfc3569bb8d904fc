package digits.train.optim;

import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OptimizerFactoryTest {

    private static final OptimizerOptions BASE = OptimizerOptions.defaults(Tracker.fixed(0.1f));

    @Test
    void sgdHonoursMomentumAndNesterov() {
        // Nesterov's first step with momentum 0.9 moves by lr * 1.9 * g = 0.1 * 1.9 * 0.5 on the first weight.
        StatefulOptimizer sgd = OptimizerFactory.create("SGD", BASE.withMomentum(0.9f, true));
        assertThat(sgd).isInstanceOf(MomentumSgd.class);
        assertThat(((MomentumSgd) sgd).nesterov()).isTrue();
        assertThat(Steps.run(sgd).get(0)[0]).isCloseTo(1f - 0.095f, within(1e-6f));
    }

    @Test
    void rmspropHonoursRhoCenteredAndEpsilon() {
        // Centered, rho 0.9, first step: g / (0.3 |g|), lr 0.1 -> 0.333333.
        StatefulOptimizer rmsprop = OptimizerFactory.create("rmsprop", BASE.withRho(0.9f, true));
        assertThat(Steps.run(rmsprop).get(0)[0]).isCloseTo(1f - 0.3333333f, within(1e-6f));
    }

    @Test
    void adamAndAdamWDifferOnlyByDecoupledDefaultWeightDecay() {
        List<float[]> adam = Steps.run(OptimizerFactory.create("adam", BASE));
        List<float[]> adamW = Steps.run(OptimizerFactory.create("adamw", BASE));
        // Step 1 moves by lr = 0.1; AdamW first shrinks by 1 - 0.1 * 0.01 (PyTorch's default decay).
        assertThat(adam.get(0)[0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(adamW.get(0)[0]).isCloseTo(0.999f - 0.1f, within(1e-6f));
        List<float[]> adamWNoDecay = Steps.run(OptimizerFactory.create("adamw", BASE.withWeightDecay(0f)));
        assertThat(adamWNoDecay.get(2)).containsExactly(adam.get(2), within(1e-7f));
    }

    @Test
    void clippingAppliesToEveryOptimizer() {
        // sgd, lr 0.1, gradient 0.5 clipped to 0.25
        assertThat(Steps.run(OptimizerFactory.create("sgd", BASE.withClipGradient(0.25f))).get(0)[0])
                .isCloseTo(1f - 0.025f, within(1e-6f));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> OptimizerFactory.create("adagrad", BASE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown optimizer 'adagrad'; valid: adam, adamw, sgd, rmsprop");
    }

    @Test
    void rejectsOptionCombinationsThatMeanNothing() {
        assertThatThrownBy(() -> OptimizerFactory.create("adam", BASE.withMomentum(0.9f, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Nesterov momentum applies only to sgd, not 'adam'");
        assertThatThrownBy(() -> OptimizerFactory.create("sgd", BASE.withMomentum(0f, true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Nesterov momentum requires momentum > 0");
        assertThatThrownBy(() -> BASE.withClipGradient(-1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gradient clipping must be >= 0 (0 = off), got -1.0");
        assertThatThrownBy(() -> OptimizerFactory.create("adam", BASE.withBetas(0.9f, 1f)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("beta2 must be in [0, 1), got 1.0");
    }
}
