package digits.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.ndarray.NDList;
import digits.train.optim.OptimizerFactory;
import digits.train.optim.OptimizerOptions;
import digits.train.optim.StatefulOptimizer;
import digits.train.schedule.LearningRateSchedule;
import digits.train.schedule.LearningRateSchedules;
import digits.train.schedule.MutableRate;
import digits.data.Dataset;
import digits.eval.Evaluation;
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
        boolean validating = validation != null && validation.size() > 0;
        EngineSetup.seed(config.seed());
        Random shuffler = new Random(config.seed());
        int n = train.size();
        int batchSize = Math.min(config.batchSize(), n);
        int steps = (n + batchSize - 1) / batchSize;
        MutableRate rate = new MutableRate(config.learningRate());
        LearningRateSchedule schedule = LearningRateSchedules.parse(config.schedule(), config.learningRate(), config.epochs());
        if (schedule.monitor().needsValidation() && !validating && !config.schedule().startsWith("constant")) {
            throw new IllegalArgumentException("--lr-schedule " + config.schedule() + " monitors " + schedule.monitor()
                    + " but there is no validation set (--val-split 0)");
        }
        EarlyStopping stopping = null;
        if (config.earlyStopping()) {
            Monitor monitor = Monitor.parse(config.monitor());
            if (monitor.needsValidation() && !validating) {
                throw new IllegalArgumentException("early stopping monitors " + monitor + " but there is no validation set");
            }
            stopping = new EarlyStopping(monitor, config.patience(), config.minDelta());
        }
        List<EpochStats> history = new ArrayList<>();
        ParameterSnapshot best = null;
        int bestEpoch = 0;
        boolean stoppedEarly = false;
        try (StatefulOptimizer optimizer = OptimizerFactory.create(config.optimizer(), optimizerOptions(rate));
             Trainer trainer = model.djlModel().newTrainer(
                     new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer))) {
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
                    rate.set(schedule.rate(epoch - 1, step, steps));
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        NDArray x = batches.images(batch, train, order, from, size);
                        int[] y = batches.labels(train, order, from, size);
                        NDArray labels = batch.create(toLongs(y, size));
                        float batchLoss;
                        float[] logits;
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                            NDArray loss = Losses.crossEntropy(out, labels, config.labelSmoothing());
                            gc.backward(loss);
                            batchLoss = loss.getFloat();
                            logits = out.toFloatArray();
                        }
                        trainer.step();
                        if (!Float.isFinite(batchLoss)) {
                            throw new IllegalStateException("training diverged (loss is " + batchLoss + " at epoch " + epoch
                                    + ", step " + (step + 1) + "): lower --lr");
                        }
                        lossSum += (double) batchLoss * size;
                        correct += countCorrect(logits, y, size);
                        seen += size;
                    }
                    listener.onBatch(step + 1, seen, lossSum / seen, (double) correct / seen);
                }
                double valLoss = Double.NaN;
                double valAccuracy = Double.NaN;
                if (validating) {
                    Evaluation r = Evaluation.of(validation.labels(), model.probabilities(validation));
                    valLoss = r.loss();
                    valAccuracy = r.accuracy();
                }
                EpochStats stats = new EpochStats(epoch, lossSum / seen, (double) correct / seen, valLoss, valAccuracy,
                        rate.get(), (System.nanoTime() - start) / 1e9);
                history.add(stats);
                listener.onEpochEnd(stats, config.epochs());
                schedule.onEpochEnd(epoch - 1, schedule.monitor().valueOf(stats));
                if (stopping != null) {
                    EarlyStopping.Verdict verdict = stopping.onEpochEnd(stats);
                    if (verdict.best()) {
                        bestEpoch = epoch;
                        if (config.restoreBest()) best = ParameterSnapshot.of(model.block());
                    }
                    if (verdict.stop() && epoch < config.epochs()) {
                        stoppedEarly = true;
                        listener.onMessage("Early stopping: " + stopping.monitor() + " has not improved for "
                                + config.patience() + " epochs (best " + String.format(java.util.Locale.ROOT, "%.4f",
                                stopping.bestValue()) + " at epoch " + bestEpoch + ")");
                        break;
                    }
                } else {
                    bestEpoch = epoch;
                }
            }
            if (best != null && bestEpoch != history.size()) {
                best.restoreInto(model.block());
                listener.onMessage("Restored the weights of epoch " + bestEpoch + " (best " + stopping.monitor() + ")");
            }
        }
        return new Result(history, bestEpoch, stoppedEarly);
    }

    private OptimizerOptions optimizerOptions(MutableRate rate) {
        return OptimizerOptions.defaults(rate)
                .withMomentum((float) config.momentum(), config.nesterov())
                .withRho((float) config.rho(), false)
                .withBetas((float) config.beta1(), (float) config.beta2())
                .withEpsilon((float) config.epsilon())
                .withWeightDecay((float) config.weightDecay())
                .withClipGradient((float) config.clipGradient());
    }

    private static long[] toLongs(int[] values, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = values[i];
        return out;
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
}
