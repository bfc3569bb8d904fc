package digits.train;

/** What the training loop reports while it runs (the console progress bar, tests, the web of later tools). */
public interface TrainingListener {
    default void onEpochStart(int epoch, int epochs, int steps) {}

    /** After each mini-batch: steps done in this epoch, images seen, running mean loss and accuracy. */
    default void onBatch(int step, long images, double loss, double accuracy) {}

    default void onEpochEnd(EpochStats stats, int epochs) {}

    default void onMessage(String message) {}

    TrainingListener SILENT = new TrainingListener() {};
}
