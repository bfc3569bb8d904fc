package digits.train;

/**
 * One row of the training history, as Keras prints it after each epoch.
 * Validation values are NaN when training ran without a validation set.
 */
public record EpochStats(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
                         double learningRate, double seconds) {
}
