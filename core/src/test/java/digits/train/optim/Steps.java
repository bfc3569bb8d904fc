package digits.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Runs an optimizer over a fixed gradient sequence on a small weight vector, recording the weights. */
final class Steps {

    /** The weights every hand-computed test starts from. */
    static final float[] W0 = {1.0f, -0.5f};

    /** One gradient per step (step 1, 2, 3). */
    static final float[][] GRADIENTS = {{0.5f, -1.0f}, {0.25f, 0.5f}, {-0.5f, 0.25f}};

    private Steps() {
    }

    /** Asserts the weights after each step, to float32 accuracy. */
    static void assertTrajectory(List<float[]> actual, float[]... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual.get(i)).as("weights after step %d", i + 1).containsExactly(expected[i], within(1e-6f));
        }
    }

    /** The weights after each of the three steps. */
    static List<float[]> run(Optimizer optimizer) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(W0);
            List<float[]> trajectory = new ArrayList<>();
            for (float[] g : GRADIENTS) {
                optimizer.update("w", weight, manager.create(g));
                trajectory.add(weight.toFloatArray());
            }
            return trajectory;
        }
    }
}
