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

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
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
    private final TrainingConfig config;
    private final TrainingListener listener;
    private Path checkpointDir;
    private Map<String, Object> runInfo = Map.of();
    private Checkpoint.State resumeFrom;
    private volatile boolean stopRequested;

    public TrainingLoop(DigitModel model, TrainingConfig config, TrainingListener listener) {
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

    /** Asks the loop to stop after the current batch and save a checkpoint (safe from any thread, e.g. Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
    }

    public Result fit(Dataset train, Dataset validation) {
        if (!train.hasLabels()) throw new IllegalArgumentException(train.name() + ": training data needs labels");
        boolean validating = validation != null && validation.size() > 0;
        int n = train.size();
        int batchSize = Math.min(config.batchSize(), n);
        int steps = (n + batchSize - 1) / batchSize;
        MutableRate rate = new MutableRate(config.learningRate());
        LearningRateSchedule schedule = LearningRateSchedules.parse(config.schedule(), config.learningRate(), config.epochs());
        if (schedule.monitor().needsValidation() && !validating && config.schedule().startsWith("plateau")) {
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
        EngineSetup.seed(config.seed());
        try (StatefulOptimizer optimizer = OptimizerFactory.create(config.optimizer(), optimizerOptions(rate));
             Trainer trainer = model.djlModel().newTrainer(
                     new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(optimizer))) {
            trainer.initialize(DigitModel.INPUT_SHAPE);
            int firstEpoch = 1;
            int skipSteps = 0;
            Running partial = new Running();
            if (resumeFrom != null) {
                restore(optimizer);
                history.addAll(resumeFrom.epochs());
                for (EpochStats s : history) {
                    // Replaying the finished epochs rebuilds plateau and early-stopping state exactly.
                    schedule.onEpochEnd(s.epoch() - 1, schedule.monitor().valueOf(s));
                    if (stopping != null) stopping.onEpochEnd(s);
                }
                bestEpoch = resumeFrom.bestEpoch();
                best = readBest();
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
                int[] remaining = firstStep == 0 ? order : Arrays.copyOfRange(order, firstStep * batchSize, n);
                // Batches are gathered (and augmented) on a background thread while the engine trains on the last one.
                try (BatchPipeline batches = BatchPipeline.start(train, remaining, batchSize, augmenter, config.seed(), epoch)) {
                    for (int step = firstStep; step < steps; step++) {
                        if (stopRequested) {
                            run.seconds += (System.nanoTime() - start) / 1e9;
                            saveCheckpoint(optimizer, history, bestEpoch, best, epoch - 1, step, run);
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
                saveCheckpoint(optimizer, history, bestEpoch, best, epoch, 0, new Running());
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
                                ParameterSnapshot best, int epochsDone, int step, Running run) {
        if (checkpointDir == null) return;
        String tag = "e" + epochsDone + "-s" + step;
        Checkpoint.State state = new Checkpoint.State(epochsDone, step, run.lossSum, run.correct, run.seen, run.seconds,
                history.stream().map(HistoryFiles::row).toList(), bestEpoch, "params-" + tag + ".bin",
                "optimizer-" + tag + ".bin", best == null ? null : "best-e" + bestEpoch + ".bin", runInfo);
        ParameterSnapshot current = ParameterSnapshot.of(model.block());
        Checkpoint.write(checkpointDir, state,
                out -> writeSnapshot(out, current),
                out -> writeOptimizer(out, optimizer, parameterNames(true)),
                best == null ? null : out -> writeSnapshot(out, best));
    }

    private static void writeSnapshot(OutputStream out, ParameterSnapshot snapshot) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        snapshot.write(data);
        data.flush();
    }

    private static void writeOptimizer(OutputStream out, StatefulOptimizer optimizer, Map<String, String> names)
            throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        optimizer.saveState(data, names);
        data.flush();
    }

    private void restore(StatefulOptimizer optimizer) {
        try (DataInputStream params = open(resumeFrom.paramsFile());
             DataInputStream state = open(resumeFrom.optimizerFile())) {
            ParameterSnapshot.read(params).restoreInto(model.block());
            optimizer.loadState(state, parameterNames(false));
        } catch (IOException | IllegalStateException e) {
            throw new InvalidInputException(checkpointDir + ": damaged checkpoint (" + e.getMessage() + ")");
        }
    }

    /** Parameter id to its structural name (byId) or the reverse: ids are random per run, names are stable. */
    private Map<String, String> parameterNames(boolean byId) {
        Map<String, String> map = new java.util.HashMap<>();
        for (var p : model.block().getParameters()) {
            if (byId) map.put(p.getValue().getId(), p.getKey());
            else map.put(p.getKey(), p.getValue().getId());
        }
        return map;
    }

    private ParameterSnapshot readBest() {
        if (resumeFrom.bestFile() == null) return null;
        try (DataInputStream in = open(resumeFrom.bestFile())) {
            return ParameterSnapshot.read(in);
        } catch (IOException e) {
            throw new InvalidInputException(checkpointDir.resolve(resumeFrom.bestFile()) + ": damaged (" + e.getMessage() + ")");
        }
    }

    private DataInputStream open(String name) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(checkpointDir.resolve(name))));
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
