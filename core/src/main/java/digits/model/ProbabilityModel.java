package digits.model;

import digits.data.Dataset;

/**
 * Anything that turns MNIST images into class probabilities: one network, an ensemble of them, or either with
 * test-time augmentation. What the CLI and {@code digits.api.DigitRecognizer} hold, so they need not care which.
 * Implementations are safe for concurrent callers.
 */
public interface ProbabilityModel extends AutoCloseable {

    /** Class probabilities for {@code count} images stored flat in {@code pixels}, as {@code count * 10} floats. */
    float[] probabilities(float[] pixels, int count);

    default float[] probabilities(Dataset data) {
        return probabilities(data.pixels(), data.size());
    }

    @Override
    void close();

    /** A single network seen as a probability model (closing it closes the network). */
    static ProbabilityModel of(DigitModel model) {
        return new ProbabilityModel() {
            @Override
            public float[] probabilities(float[] pixels, int count) {
                return model.probabilities(pixels, count);
            }

            @Override
            public void close() {
                model.close();
            }
        };
    }
}
