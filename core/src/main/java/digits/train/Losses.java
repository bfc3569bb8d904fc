package digits.train;

import ai.djl.ndarray.NDArray;
import digits.data.Dataset;

/** Cross-entropy on logits, with optional label smoothing (targets (1-e)·onehot + e/10, as Keras and PyTorch define it). */
final class Losses {
    private Losses() {}

    /** Mean loss over the batch; {@code labels} is an int64 vector of class indices. */
    static NDArray crossEntropy(NDArray logits, NDArray labels, double labelSmoothing) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray target = labels.oneHot(Dataset.CLASSES);
        if (labelSmoothing > 0) {
            target = target.muli(1 - labelSmoothing).addi(labelSmoothing / Dataset.CLASSES);
        }
        // No in-place ops on logProbabilities: autograd needs it unchanged for the backward pass.
        return logProbabilities.mul(target).sum(new int[]{1}).mean().neg();
    }
}
