package digits.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.augment.Augmenter;
import digits.data.augment.Batch;
import digits.data.augment.BatchPipeline;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.EngineSetup;
import digits.train.optim.OptimizerFactory;
import digits.train.optim.OptimizerOptions;
import digits.train.optim.StatefulOptimizer;
import digits.train.schedule.LearningRateSchedule;
import digits.train.schedule.LearningRateSchedules;
import digits.train.schedule.MutableRate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The training loop, one clear pass per epoch: shuffle, mini-batches (each in its own native-memory scope),
 * forward, loss, backward, optimizer step; then evaluate on the validation set and report the epoch.
 * <p>Every epoch's shuffle and dropout draws come from (seed, epoch), so a run resumed from a checkpoint at an epoch
 * boundary continues exactly as the uninterrupted run would have.
 */
public final class TrainingLoop {

    private final DigitModel model;
    private final TrainingRequest config;
    private final TrainingListener listener;
    private Path checkpointDir;
    private Map<String, Object> runInfo = Map.of();
    private Checkpoint.State resumeFrom;
    private ParameterSnapshot startWeights;
    private volatile boolean stopRequested;

    public TrainingLoop(DigitModel model, TrainingRequest config, TrainingListener listener) {
        this.model = model;
        this.config = config;
        this.listener = listener;
    }

    /**
     * @param interrupted the run stopped on {@link #requestStop()} (Ctrl-C) after saving a checkpoint
     */
    public record Result(List<EpochStats> history, int bestEpoch, boolean stoppedEarly, boolean interrupted) {}

    /** Save a checkpoint into {@code dir} after every epoch; {@code run} is stored with it for the caller. */
    public TrainingLoop checkpointTo(Path dir, Map<String, Object> run) {
        this.checkpointDir = dir;
        this.runInfo = run;
        return this;
    }

    /** Continue from a checkpoint read with {@link Checkpoint#read} (its directory is {@code dir}). */
    public TrainingLoop resumeFrom(Checkpoint.State state, Path dir) {
        this.resumeFrom = state;
        this.checkpointDir = dir;
        this.runInfo = state.run();
        return this;
    }

    /** Start from these weights instead of new ones (fine-tuning a trained model). */
    TrainingLoop startFrom(ParameterSnapshot weights) {
        this.startWeights = weights;
        return this;
    }

    /** Asks the loop to stop after the current batch and save a checkpoint (safe from any thread, e.g. Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    public Result fit(Dataset train, Dataset validation) {
        if (!train.hasLabels()) throw new IllegalArgumentException(train.name() + ": training data needs labels");
        boolean validating = validation != null && validation.size() > 0;
        int n = train.size();
        boolean batchNorm = model.spec().hasBatchNorm();
        if (batchNorm && n < 2) {
            throw new InvalidInputException(train.name() + ": " + n + " training image" + (n == 1 ? "" : "s")
                    + "; a model with batch normalisation needs at least 2");
        }
        int batchSize = Math.min(config.batchSize(), n);
        // Batch normalisation can't normalise a batch of one image: an epoch's last batch of one is left out, and
        // since every epoch shuffles anew, a different image each time.
        int used = batchNorm && n % batchSize == 1 ? n - 1 : n;
        int steps = (used + batchSize - 1) / batchSize;
        MutableRate rate = new MutableRate(config.learningRate());
        LearningRateSchedule schedule = LearningRateSchedules.parse(config.schedule(), config.learningRate(), config.epochs());
        if (schedule.monitor().needsValidation() && !validating && config.schedule().startsWith("plateau")) {
            throw new IllegalArgumentException("the learning-rate schedule " + config.schedule() + " monitors "
                    + schedule.monitor() + " but there is no validation data");
        }
        EarlyStopping stopping = null;
        if (config.earlyStopping()) {
            Monitor monitor = Monitor.parse(config.monitor());
            if (monitor.needsValidation() && !validating) {
                throw new IllegalArgumentException("early stopping monitors " + monitor + " but there is no validation data");
            }
            stopping = new EarlyStopping(monitor, config.patience(), config.minDelta());
        }

        List<EpochStats> history = new ArrayList<>();
        ParameterSnapshot best = null;
        int bestEpoch = 0;
        EngineSetup.seed(config.seed());
        try (StatefulOptimizer optimizer = OptimizerFactory.create(config.optimizer(), optimizerOptions(rate));
             Trainer trainer = model.djlModel().newTrainer(
                     new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer))) {
            trainer.initialize(DigitModel.INPUT_SHAPE);
            if (startWeights != null) startWeights.restoreInto(model.block());
            int firstEpoch = 1;
            int skipSteps = 0;
            Running partial = new Running();
            if (resumeFrom != null) {
                Checkpoint.checkFits(checkpointDir, resumeFrom, config, steps, batchSize, n);
                Checkpoint.restore(checkpointDir, resumeFrom, model, optimizer);
                history.addAll(resumeFrom.epochs());
                for (EpochStats s : history) {
                    // Replaying the finished epochs rebuilds plateau and early-stopping state exactly.
                    schedule.onEpochEnd(s.epoch() - 1, schedule.monitor().valueOf(s));
                    if (stopping != null) stopping.onEpochEnd(s);
                }
                bestEpoch = resumeFrom.bestEpoch();
                best = Checkpoint.readBest(checkpointDir, resumeFrom, model);
                firstEpoch = resumeFrom.epochsDone() + 1;
                skipSteps = resumeFrom.step();
                partial = new Running(resumeFrom.lossSum(), resumeFrom.correct(), resumeFrom.seen(), resumeFrom.partialSeconds());
                listener.onMessage(String.format(Locale.ROOT, "Resuming at epoch %d%s", firstEpoch,
                        skipSteps > 0 ? ", step " + (skipSteps + 1) : ""));
            }
            Augmenter augmenter = config.augmentation() == null ? null : new Augmenter(config.augmentation());
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                int[] order = permutation(n, epoch);
                EngineSetup.seed(epochSeed(epoch));
                listener.onEpochStart(epoch, config.epochs(), steps);
                Running run = epoch == firstEpoch ? partial : new Running();
                int firstStep = epoch == firstEpoch ? skipSteps : 0;
                int[] remaining = firstStep == 0 && used == n ? order : Arrays.copyOfRange(order, firstStep * batchSize, used);
                // Batches are gathered (and augmented) on a background thread while the engine trains on the last one.
                try (BatchPipeline batches = BatchPipeline.start(train, remaining, batchSize, augmenter, model.deskews(),
                        config.seed(), epoch)) {
                    for (int step = firstStep; step < steps; step++) {
                        if (stopRequested) {
                            run.seconds += (System.nanoTime() - start) / 1e9;
                            saveCheckpoint(optimizer, history, bestEpoch, best, epoch - 1, step, run, n);
                            listener.onMessage("Interrupted at epoch " + epoch + ", step " + (step + 1) + " of " + steps
                                    + (checkpointDir != null ? "; checkpoint saved in " + checkpointDir : ""));
                            return new Result(history, bestEpoch, false, true);
                        }
                        rate.set(schedule.rate(epoch - 1, step, steps));
                        Batch batch = batches.next();
                        try {
                            trainStep(trainer, batch, run, epoch, step);
                        } finally {
                            batch.release(); // only now: the engine's tensor reads the batch's memory until the step is done
                        }
                        listener.onBatch(step + 1, run.seen, run.lossSum / run.seen, (double) run.correct / run.seen);
                    }
                }
                double valLoss = Double.NaN;
                double valAccuracy = Double.NaN;
                if (validating) {
                    Evaluation r = Evaluation.of(validation.labels(), model.probabilities(validation));
                    valLoss = r.loss();
                    valAccuracy = r.accuracy();
                }
                EpochStats stats = new EpochStats(epoch, run.lossSum / run.seen, (double) run.correct / run.seen, valLoss,
                        valAccuracy, rate.get(), run.seconds + (System.nanoTime() - start) / 1e9);
                history.add(stats);
                listener.onEpochEnd(stats, config.epochs());
                schedule.onEpochEnd(epoch - 1, schedule.monitor().valueOf(stats));
                boolean stop = false;
                if (stopping != null) {
                    EarlyStopping.Verdict verdict = stopping.onEpochEnd(stats);
                    if (verdict.best()) {
                        bestEpoch = epoch;
                        if (config.restoreBest()) best = ParameterSnapshot.of(model.block());
                    }
                    if (verdict.stop() && epoch < config.epochs()) {
                        stop = true;
                        listener.onMessage("Early stopping: " + stopping.monitor() + " has not improved for "
                                + config.patience() + " epochs (best " + String.format(Locale.ROOT, "%.4f",
                                stopping.bestValue()) + " at epoch " + bestEpoch + ")");
                    }
                } else {
                    bestEpoch = epoch;
                }
                saveCheckpoint(optimizer, history, bestEpoch, best, epoch, 0, new Running(), n);
                if (stop) {
                    restoreBest(best, bestEpoch, history.size(), stopping);
                    return new Result(history, bestEpoch, true, false);
                }
            }
            restoreBest(best, bestEpoch, history.size(), stopping);
        }
        return new Result(history, bestEpoch, false, false);
    }

    private void trainStep(Trainer trainer, Batch batch, Running run, int epoch, int step) {
        int size = batch.size();
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = DigitModel.images(scope, batch.pixelBuffer(), size);
            int[] y = batch.labels();
            NDArray labels = scope.create(toLongs(y, size));
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
                throw new TrainingDivergedException(batchLoss, epoch, step + 1);
            }
            run.lossSum += (double) batchLoss * size;
            run.correct += countCorrect(logits, y, size);
            run.seen += size;
        }
    }

    private void restoreBest(ParameterSnapshot best, int bestEpoch, int epochs, EarlyStopping stopping) {
        if (best != null && bestEpoch != epochs) {
            best.restoreInto(model.block());
            listener.onMessage("Restored the weights of epoch " + bestEpoch + " (best " + stopping.monitor() + ")");
        }
    }

    /** Running sums of a (possibly partial) epoch. */
    private static final class Running {
        double lossSum;
        long correct;
        long seen;
        double seconds;

        Running() {}

        Running(double lossSum, long correct, long seen, double seconds) {
            this.lossSum = lossSum;
            this.correct = correct;
            this.seen = seen;
            this.seconds = seconds;
        }
    }

    private void saveCheckpoint(StatefulOptimizer optimizer, List<EpochStats> history, int bestEpoch,
                                ParameterSnapshot best, int epochsDone, int step, Running run, int trainImages) {
        if (checkpointDir == null) return;
        Checkpoint.save(checkpointDir, new Checkpoint.Position(epochsDone, step, run.lossSum, run.correct, run.seen,
                run.seconds, history, bestEpoch, trainImages, runInfo, config.trainingSettings()), model, optimizer, best);
    }

    /** The epoch's shuffle, a pure function of (seed, epoch). */
    int[] permutation(int n, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random random = new Random(epochSeed(epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private long epochSeed(int epoch) {
        return config.seed() * 1_000_003L + epoch;
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
}
