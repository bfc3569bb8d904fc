package digits.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import digits.data.Dataset;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChannelsLastFlattenTest {

    /**
     * Eight real digits, each one's 784 pixels read as a channels-last 7 x 7 map of 16 channels, as the network's maps
     * lie in memory: the training pass (H, W, C flatten, reordered weight) and the inference pass (C, H, W flatten,
     * stored weight) give the same outputs, though their flat features are in different orders.
     */
    @Test
    void trainingAndInferenceOrdersComputeTheSameLayer() {
        EngineSetup.engine();
        Dataset digits = MnistFiles.test().head(8);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray maps = manager.create(digits.pixels(), new Shape(8, 7, 7, 16)).transpose(0, 3, 1, 2);
            Block flatten = ChannelsLastFlatten.flatten();
            Block dense = ChannelsLastFlatten.dense(10, 16);
            dense.initialize(manager, DataType.FLOAT32, new Shape(8, 784));
            ParameterStore store = new ParameterStore(manager, false);

            NDArray trainingFlat = flatten.forward(store, new NDList(maps), true).singletonOrThrow();
            NDArray inferenceFlat = flatten.forward(store, new NDList(maps), false).singletonOrThrow();
            float[] training = dense.forward(store, new NDList(trainingFlat), true).singletonOrThrow().toFloatArray();
            float[] inference = dense.forward(store, new NDList(inferenceFlat), false).singletonOrThrow().toFloatArray();

            assertThat(trainingFlat.getShape()).isEqualTo(new Shape(8, 784));
            assertThat(inferenceFlat.getShape()).isEqualTo(new Shape(8, 784));
            assertThat(trainingFlat.toFloatArray()).isEqualTo(digits.pixels()); // H, W, C: the memory order, a view
            assertThat(inferenceFlat.toFloatArray()).isNotEqualTo(digits.pixels());
            assertThat(training).hasSize(80).containsExactly(inference, within(1e-4f));
            float largest = 0;
            for (float v : training) largest = Math.max(largest, Math.abs(v));
            assertThat(largest).as("the digits' outputs are not all near zero").isGreaterThan(0.05f);
        }
    }

    /**
     * The reordered weight is made anew in every training step: it must belong to the step's own scope, not to the
     * manager that holds the weights (there it would pile up, a copy of the weight per step, until the model closed).
     */
    @Test
    void aTrainingStepLeavesNothingWithTheWeights() {
        EngineSetup.engine();
        Dataset digits = MnistFiles.test().head(8);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block dense = ChannelsLastFlatten.dense(10, 16);
            dense.initialize(manager, DataType.FLOAT32, new Shape(8, 784));
            ParameterStore store = new ParameterStore(manager, false);
            int held = manager.getManagedArrays().size();
            for (int step = 0; step < 5; step++) {
                try (NDManager batch = manager.newSubManager()) {
                    NDArray flat = batch.create(digits.pixels(), new Shape(8, 784));
                    NDArray out = dense.forward(store, new NDList(flat), true).singletonOrThrow();
                    assertThat(out.getShape()).isEqualTo(new Shape(8, 10));
                }
                assertThat(manager.getManagedArrays()).as("arrays held with the weights after step %d", step + 1)
                        .hasSize(held);
            }
        }
    }
}
