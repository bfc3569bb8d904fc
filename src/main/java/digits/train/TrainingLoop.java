package digits.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import digits.data.Dataset;
import digits.model.DigitModel;
import digits.model.EngineSetup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop, one clear pass per epoch: shuffle, mini-batches (each in its own native-memory scope),
 * forward, loss, backward, optimizer step; then evaluate on the validation set and report the epoch.
 */
public final class TrainingLoop {

    private final DigitModel model;
    private final TrainingConfig config;
    private final TrainingListener listener;

    public TrainingLoop(DigitModel model, TrainingConfig config, TrainingListener listener) {
        this.model = model;
        this.config = config;
        this.listener = listener;
    }

    public record Result(List<EpochStats> history, int bestEpoch, boolean stoppedEarly) {}

    public Result fit(Dataset train, Dataset validation) {
        if (!train.hasLabels()) throw new IllegalArgumentException(train.name() + ": training data needs labels");
        EngineSetup.seed(config.seed());
        Random shuffler = new Random(config.seed());
        int n = train.size();
        int batchSize = Math.min(config.batchSize(), n);
        int steps = (n + batchSize - 1) / batchSize;
        LearningRate rate = new LearningRate(config.learningRate());
        Optimizer optimizer = Optimizer.adam().optLearningRateTracker(rate).build();

        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer);
        List<EpochStats> history = new ArrayList<>();
        try (Trainer trainer = model.djlModel().newTrainer(djlConfig)) {
            trainer.initialize(DigitModel.INPUT_SHAPE);
            BatchAssembler batches = new BatchAssembler(batchSize);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                shuffle(order, shuffler);
                listener.onEpochStart(epoch, config.epochs(), steps);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                for (int step = 0; step < steps; step++) {
                    int from = step * batchSize;
                    int size = Math.min(batchSize, n - from);
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        NDArray x = batches.images(batch, train, order, from, size);
                        int[] y = batches.labels(train, order, from, size);
                        long[] yLong = new long[size];
                        for (int i = 0; i < size; i++) yLong[i] = y[i];
                        NDArray labels = batch.create(yLong);
                        float batchLoss;
                        float[] logits;
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray out = trainer.forward(new ai.djl.ndarray.NDList(x)).singletonOrThrow();
                            NDArray loss = Losses.crossEntropy(out, labels, config.labelSmoothing());
                            gc.backward(loss);
                            batchLoss = loss.getFloat();
                            logits = out.toFloatArray();
                        }
                        trainer.step();
                        lossSum += (double) batchLoss * size;
                        correct += countCorrect(logits, y, size);
                        seen += size;
                    }
                    listener.onBatch(step + 1, seen, lossSum / seen, (double) correct / seen);
                }
                double valLoss = Double.NaN;
                double valAccuracy = Double.NaN;
                if (validation != null && validation.size() > 0) {
                    Evaluator.Result r = Evaluator.evaluate(model, validation);
                    valLoss = r.loss();
                    valAccuracy = r.accuracy();
                }
                EpochStats stats = new EpochStats(epoch, lossSum / seen, (double) correct / seen, valLoss, valAccuracy,
                        rate.value, (System.nanoTime() - start) / 1e9);
                history.add(stats);
                listener.onEpochEnd(stats, config.epochs());
            }
        }
        return new Result(history, history.size(), false);
    }

    private static int countCorrect(float[] logits, int[] labels, int n) {
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < Dataset.CLASSES; c++) {
                if (logits[i * Dataset.CLASSES + c] > logits[i * Dataset.CLASSES + best]) best = c;
            }
            if (best == labels[i]) correct++;
        }
        return correct;
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The learning rate the optimizer reads at each step; the schedule sets it. */
    static final class LearningRate implements Tracker {
        volatile float value;

        LearningRate(double value) {
            this.value = (float) value;
        }

        @Override
        public float getNewValue(int numUpdate) {
            return value;
        }
    }
}
