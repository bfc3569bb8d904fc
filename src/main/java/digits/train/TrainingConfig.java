package digits.train;

/** Training hyper-parameters (the flags of {@code digits train}). */
public record TrainingConfig(int epochs, int batchSize, double learningRate, long seed, double labelSmoothing) {
}
