package digits.train;

import digits.model.DigitModel;

/** What the training loop reports while it runs (the console progress bar, tests, the web of later tools). */
public interface TrainingListener {
    /** Before the first epoch, with the model about to be trained (e.g. to evaluate it after each epoch). */
    default void onTrainingStart(DigitModel model) {}

    default void onEpochStart(int epoch, int epochs, int steps) {}

    /** After each mini-batch: steps done in this epoch, images seen, running mean loss and accuracy. */
    default void onBatch(int step, long images, double loss, double accuracy) {}

    default void onEpochEnd(EpochStats stats, int epochs) {}

    default void onMessage(String message) {}

    /** After the last epoch (best weights restored), before the model is evaluated and saved. */
    default void onTrainingEnd(DigitModel model) {}

    /** This listener, then {@code other}, for every event. */
    default TrainingListener and(TrainingListener other) {
        TrainingListener first = this;
        return new TrainingListener() {
            @Override
            public void onTrainingStart(DigitModel model) {
                first.onTrainingStart(model);
                other.onTrainingStart(model);
            }

            @Override
            public void onEpochStart(int epoch, int epochs, int steps) {
                first.onEpochStart(epoch, epochs, steps);
                other.onEpochStart(epoch, epochs, steps);
            }

            @Override
            public void onBatch(int step, long images, double loss, double accuracy) {
                first.onBatch(step, images, loss, accuracy);
                other.onBatch(step, images, loss, accuracy);
            }

            @Override
            public void onEpochEnd(EpochStats stats, int epochs) {
                first.onEpochEnd(stats, epochs);
                other.onEpochEnd(stats, epochs);
            }

            @Override
            public void onMessage(String message) {
                first.onMessage(message);
                other.onMessage(message);
            }

            @Override
            public void onTrainingEnd(DigitModel model) {
                first.onTrainingEnd(model);
                other.onTrainingEnd(model);
            }
        };
    }

    TrainingListener SILENT = new TrainingListener() {};
}
