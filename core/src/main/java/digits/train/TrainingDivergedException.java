package digits.train;

/**
 * The training loss stopped being a number (NaN or infinite): the weights blew up, nearly always because the learning
 * rate is too high for the model and optimizer. Thrown before the epoch's checkpoint, so nothing of the diverged run
 * is saved. The message is one line with the loss, the epoch and the step; an application may add how its users set
 * the learning rate (the {@code digits} tool names its {@code --lr} option).
 */
public class TrainingDivergedException extends RuntimeException {
    private final double loss;
    private final int epoch;
    private final int step;

    /**
     * @param loss  the batch loss that was not finite
     * @param epoch the epoch, counting from 1
     * @param step  the batch within the epoch, counting from 1
     */
    public TrainingDivergedException(double loss, int epoch, int step) {
        super("training diverged (loss is " + loss + " at epoch " + epoch + ", step " + step
                + "): a lower learning rate usually helps");
        this.loss = loss;
        this.epoch = epoch;
        this.step = step;
    }

    public double loss() {
        return loss;
    }

    public int epoch() {
        return epoch;
    }

    public int step() {
        return step;
    }
}
