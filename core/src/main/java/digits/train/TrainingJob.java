package digits.train;

import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.model.Versions;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One training run from request to result, the same for every front end ({@code digits train}, {@code ensemble},
 * {@code sweep}, the bench, a Java application): build the model, fit it on the split (reporting to a listener),
 * evaluate it on the test data, describe it, and, when given a directory, save it with its history.
 * <pre>{@code
 * TrainingRequest request = TrainingRequest.builder().set(TrainingSettings.EPOCHS, 2).build();
 * TrainingJob.Outcome outcome = new TrainingJob(request, TrainingData.load(request)).saveTo(Path.of("runs/mine")).run();
 * }</pre>
 */
public final class TrainingJob {
    private final TrainingRequest request;
    private final TrainingData data;
    private TrainingListener listener = TrainingListener.SILENT;
    private String name;
    private Path directory;
    private Map<String, Object> checkpointRun;
    private Checkpoint.State resumeFrom;
    private ParameterSnapshot startWeights;
    private volatile TrainingLoop loop;
    private volatile boolean stopRequested;

    /**
     * @param descriptor        the saved model's descriptor (null when the job saves nothing or was interrupted)
     * @param testEvaluation    null without test data
     * @param testProbabilities the trained model's probabilities for the test images (null without test data)
     * @param trainSeconds      from the model's creation to the end of fitting (test evaluation and saving excluded)
     */
    public record Outcome(ModelDescriptor descriptor, TrainingLoop.Result result, Evaluation testEvaluation,
                          float[] testProbabilities, double trainSeconds) {
        public boolean interrupted() {
            return result.interrupted();
        }
    }

    public TrainingJob(TrainingRequest request, TrainingData data) {
        this.request = Objects.requireNonNull(request);
        this.data = Objects.requireNonNull(data);
        this.name = request.modelName();
    }

    /** Hears the run's epochs and batches, and gets the model before and after fitting. */
    public TrainingJob listener(TrainingListener value) {
        this.listener = Objects.requireNonNull(value);
        return this;
    }

    /** The model's name in its descriptor (default: the request's model name). */
    public TrainingJob name(String value) {
        this.name = Objects.requireNonNull(value);
        return this;
    }

    /** Save the trained model, its descriptor and history into this directory (checked now, before any training). */
    public TrainingJob saveTo(Path dir) {
        ModelStore.checkCanSaveInto(dir);
        this.directory = dir;
        return this;
    }

    /**
     * Save a checkpoint in the model directory after every epoch and on {@link #requestStop()}; {@code run} is kept
     * with it for the caller (e.g. the command line that started the run). Needs {@link #saveTo}.
     */
    public TrainingJob checkpointEveryEpoch(Map<String, Object> run) {
        this.checkpointRun = Map.copyOf(run);
        return this;
    }

    /** Continue from a checkpoint of the model directory (read with {@link Checkpoint#read}). Needs {@link #saveTo}. */
    public TrainingJob resumeFrom(Checkpoint.State state) {
        this.resumeFrom = state;
        return this;
    }

    /**
     * Fine-tune: start from the weights of {@code base} (same network as the request's model) instead of new ones.
     * The weights are copied now; the caller may close {@code base} afterwards.
     */
    public TrainingJob startFrom(DigitModel base) {
        if (!base.spec().toString().equals(request.modelSpec().toString())) {
            throw new IllegalArgumentException("the model to start from is " + base.spec() + ", the request trains "
                    + request.modelSpec());
        }
        if (base.deskews() != request.deskew()) {
            throw new IllegalArgumentException("the model to start from " + (base.deskews() ? "straightens" : "does not straighten")
                    + " its images; the request's deskew setting must match");
        }
        this.startWeights = ParameterSnapshot.of(base.block());
        return this;
    }

    /** Ask the run to stop after its current batch and save a checkpoint (safe from any thread, e.g. on Ctrl-C). */
    public void requestStop() {
        stopRequested = true;
        TrainingLoop current = loop;
        if (current != null) current.requestStop();
    }

    public TrainingRequest request() {
        return request;
    }

    public TrainingData data() {
        return data;
    }

    public Outcome run() {
        if ((checkpointRun != null || resumeFrom != null) && directory == null) {
            throw new IllegalStateException("checkpoints need a model directory (saveTo)");
        }
        ModelSpec spec = request.modelSpec();
        long start = System.nanoTime();
        try (DigitModel net = DigitModel.create(spec, request.initialization(), request.deskew())) {
            TrainingLoop fitting = new TrainingLoop(net, request, listener);
            Path checkpoints = directory == null ? null : Checkpoint.directory(directory);
            if (startWeights != null) fitting.startFrom(startWeights);
            if (resumeFrom != null) fitting.resumeFrom(resumeFrom, checkpoints);
            else if (checkpointRun != null) fitting.checkpointTo(checkpoints, checkpointRun);
            loop = fitting;
            if (stopRequested) fitting.requestStop();
            listener.onTrainingStart(net);
            TrainingLoop.Result result = fitting.fit(data.train(), data.validation());
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            if (result.interrupted()) return new Outcome(null, result, null, null, trainSeconds);
            listener.onTrainingEnd(net);

            Evaluation evaluation = null;
            float[] testProbabilities = null;
            Dataset test = data.test();
            if (test != null) {
                testProbabilities = net.probabilities(test);
                evaluation = Evaluation.of(test.labels(), testProbabilities);
            }
            ModelDescriptor descriptor = describe(spec, result, evaluation, trainSeconds);
            if (directory != null) {
                descriptor = ModelStore.save(net, descriptor, directory);
                HistoryFiles.write(directory, result.history());
                Checkpoint.delete(directory); // the finished model replaces it
            }
            return new Outcome(directory == null ? null : descriptor, result, evaluation, testProbabilities, trainSeconds);
        } finally {
            loop = null;
        }
    }

    private ModelDescriptor describe(ModelSpec spec, TrainingLoop.Result result, Evaluation test, double trainSeconds) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        var last = result.history().get(result.bestEpoch() > 0 ? result.bestEpoch() - 1 : result.history().size() - 1);
        metrics.put("train_loss", last.loss());
        metrics.put("train_accuracy", last.accuracy());
        if (!Double.isNaN(last.valLoss())) {
            metrics.put("val_loss", last.valLoss());
            metrics.put("val_accuracy", last.valAccuracy());
        }
        metrics.put("train_seconds", Math.round(trainSeconds * 10) / 10.0);
        if (test != null) {
            metrics.put("test_loss", test.loss());
            metrics.put("test_accuracy", test.accuracy());
        }
        return new ModelDescriptor(ModelDescriptor.FORMAT, ModelDescriptor.FORMAT_VERSION, name, spec.toString(),
                ModelSummary.of(spec).totalParams(), ModelDescriptor.Input.mnist(request.deskew()), request.describe(),
                new ModelDescriptor.DataInfo(data.all().name(), null, data.train().size(), data.validationSize()),
                metrics, Versions.all(), Instant.now().toString(), null, null);
    }
}
