package digits.api;

import java.util.List;

/**
 * Anything that turns MNIST-style images into predictions: one model, or an ensemble.
 * Images are 784 floats in [0,1], row-major 28x28, light ink on a dark background (as in MNIST).
 * Implementations are safe for concurrent callers.
 */
public interface DigitClassifier extends AutoCloseable {

    Prediction predict(float[] pixels);

    /** One prediction per image, in order; faster than calling {@link #predict} in a loop. */
    List<Prediction> predictBatch(List<float[]> images);

    /**
     * Which pixels pushed the model towards its answer, and towards the runner-up, by occlusion (see {@link Explanation}):
     * one {@link #predictBatch} of up to 961 copies of the image, each with a 4x4 patch blanked.
     */
    default Explanation explain(float[] pixels) {
        return Occlusion.explain(this, pixels);
    }

    /** A short identifier of the model (name and a hash of its parameters), reported by the server. */
    String modelId();

    @Override
    void close();
}
