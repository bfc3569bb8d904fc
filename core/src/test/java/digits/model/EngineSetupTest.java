package digits.model;

import ai.djl.pytorch.jni.JniUtils;
import digits.testing.Mnist;
import digits.testing.TrainedModel;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** PyTorch keeps autograd recording per thread; every thread that runs the model must have it off. */
class EngineSetupTest {

    @Test
    void inferenceOnAnotherThreadRecordsNoAutogradGraph() throws Exception {
        EngineSetup.engine();
        assertThat(JniUtils.isGradMode()).as("the thread that started the engine").isFalse();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (ModelStore.Loaded loaded = ModelStore.load(TrainedModel.directory())) {
            float[] image = Mnist.test(1).image(0);
            float[] here = loaded.model().probabilities(image, 1);
            CompletableFuture<Boolean> before = CompletableFuture.supplyAsync(JniUtils::isGradMode, other);
            assertThat(before.get()).as("a new thread starts with PyTorch's default").isTrue();
            float[] there = CompletableFuture.supplyAsync(() -> loaded.model().probabilities(image, 1), other).get();
            assertThat(CompletableFuture.supplyAsync(JniUtils::isGradMode, other).get()).isFalse();
            assertThat(there).containsExactly(here);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void startLoadingOverlapsTheCallerAndTheCallerCanTrainAfterwards() {
        EngineSetup.startLoading();
        assertThat(EngineSetup.engine().getEngineName()).isEqualTo("PyTorch");
        assertThat(JniUtils.isGradMode()).isFalse();
    }
}
