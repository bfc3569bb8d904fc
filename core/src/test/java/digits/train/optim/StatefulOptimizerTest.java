package digits.train.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.tracker.Tracker;
import digits.train.schedule.MutableRate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The conventions all project optimizers share: DJL's base options, gradient zeroing, native memory. */
class StatefulOptimizerTest {

    /** Every optimizer with its state-heavy options on, so every code path of update runs. */
    private static StatefulOptimizer fullyLoaded(String name) {
        OptimizerOptions options = OptimizerOptions.defaults(Tracker.fixed(0.01f))
                .withMomentum(0.9f, name.equals("sgd"))
                .withRho(0.9f, name.equals("rmsprop"))
                .withWeightDecay(1e-4f)
                .withClipGradient(0.5f);
        return OptimizerFactory.create(name, options);
    }

    @Test
    void rescalesThenClipsSymmetricallyLikeMxNet() {
        // g = clip(2 * [1, -2, 0.1], -0.6, 0.6) = [0.6, -0.6, 0.2]; plain SGD with lr 0.1.
        // DJL's native PyTorch SGD would not clip the negative element (it uses clamp_max).
        MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.1f))
                .setRescaleGrad(2f).optClipGrad(0.6f).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {0f, 0f, 0f});
            NDArray grad = manager.create(new float[] {1f, -2f, 0.1f});
            sgd.update("w", weight, grad);
            assertThat(weight.toFloatArray()).containsExactly(new float[] {-0.06f, 0.06f, -0.02f}, within(1e-7f));
            assertThat(grad.toFloatArray()).as("the caller's gradient is left alone")
                    .containsExactly(1f, -2f, 0.1f);
        }
    }

    @Test
    void readsTheLearningRateTrackerAtEveryStep() {
        MutableRate rate = new MutableRate(0.1);
        MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(rate).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f});
            sgd.update("w", weight, manager.create(new float[] {1f}));
            rate.set(0.5);
            sgd.update("w", weight, manager.create(new float[] {1f}));
            assertThat(weight.toFloatArray()[0]).isCloseTo(1f - 0.1f - 0.5f, within(1e-7f));
        }
    }

    @Test
    void rejectsANonFiniteLearningRate() {
        MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(Float.NaN)).build();
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f});
            assertThatThrownBy(() -> sgd.update("dense.weight", weight, manager.create(new float[] {1f})))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("learning rate (NaN) and weight decay (0.0) must be finite for parameter dense.weight");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "rmsprop", "adam", "adamw"})
    void zeroesTheWeightsAccumulatedGradientAfterTheUpdateAsDjlPyTorchOptimizersDo(String name) {
        try (NDManager manager = NDManager.newBaseManager(); StatefulOptimizer optimizer = fullyLoaded(name)) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            weight.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(weight.mul(weight).sum()); // d/dw sum(w^2) = 2w
            }
            NDArray grad = weight.getGradient();
            assertThat(grad.toFloatArray()).containsExactly(2f, -4f);
            optimizer.update("w", weight, grad.duplicate());
            assertThat(weight.getGradient().toFloatArray()).containsExactly(0f, 0f);
            assertThat(weight.toFloatArray()).isNotEqualTo(new float[] {1f, -2f});
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "rmsprop", "adam", "adamw"})
    void thousandUpdatesLeaveNoNativeArraysBehind(String name) {
        try (NDManager manager = NDManager.newBaseManager(); StatefulOptimizer optimizer = fullyLoaded(name)) {
            NDArray weight = manager.create(new float[] {0.3f, -0.2f, 0.1f, 0.7f}).reshape(2, 2);
            NDArray bias = manager.create(new float[] {0f, 0.1f});
            NDArray weightGrad = manager.create(new float[] {0.5f, -3f, 0.25f, 1f}).reshape(2, 2);
            NDArray biasGrad = manager.create(new float[] {-0.2f, 0.4f});
            optimizer.update("weight", weight, weightGrad); // first step allocates the state
            optimizer.update("bias", bias, biasGrad);
            int local = manager.getManagedArrays().size();
            for (int i = 1; i < 1000; i++) {
                optimizer.update("weight", weight, weightGrad);
                optimizer.update("bias", bias, biasGrad);
            }
            assertThat(manager.getManagedArrays()).hasSize(local);
            for (float v : weight.toFloatArray()) {
                assertThat(v).isFinite();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "rmsprop", "adam", "adamw"})
    void stateSurvivesACallersNdScopeWhichBreaksDjlsOwnAdam(String name) {
        try (NDManager manager = NDManager.newBaseManager();
             StatefulOptimizer scoped = fullyLoaded(name);
             StatefulOptimizer plain = fullyLoaded(name)) {
            NDArray inScope = manager.create(new float[] {1f, -1f});
            NDArray outside = manager.create(new float[] {1f, -1f});
            for (int i = 0; i < 3; i++) {
                float[] g = {0.1f * (i + 1), -0.2f};
                try (NDScope batch = new NDScope()) { // a training loop freeing per-batch arrays
                    scoped.update("w", inScope, manager.create(g));
                }
                plain.update("w", outside, manager.create(g));
            }
            assertThat(inScope.toFloatArray()).containsExactly(outside.toFloatArray());
        }
    }

    @Test
    void keepsStateWithTheWeightsManagerAndCloseFreesIt() {
        try (NDManager manager = NDManager.newBaseManager()) {
            StatefulOptimizer adam = fullyLoaded("adam");
            NDArray weight = manager.create(new float[] {1f, -1f});
            NDArray grad = manager.create(new float[] {0.1f, 0.2f});
            adam.update("w", weight, grad);
            assertThat(manager.getManagedArrays()).hasSize(4); // weight, grad, Adam's mean and variance
            adam.close();
            assertThat(manager.getManagedArrays()).hasSize(2);
            adam.update("w", weight, grad);
            assertThat(manager.getManagedArrays()).as("fresh state after close").hasSize(4);
            adam.close();
        }
    }
}
