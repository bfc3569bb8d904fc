package digits.cli;

import digits.data.Dataset;
import digits.data.StratifiedSplit;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.train.Checkpoint;
import digits.train.HistoryFiles;
import digits.train.TrainingConfig;
import digits.train.TrainingListener;
import digits.train.TrainingLoop;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One model trained and saved the way {@code digits train} does it: fit on the split, evaluate on the test set,
 * write the model directory (descriptor with training options, data, metrics and versions) and its history.
 */
final class TrainingRun {
    /**
     * @param testEvaluation    null without test data
     * @param testProbabilities the trained model's probabilities for the test images (null without test data)
     */
    record Outcome(ModelDescriptor descriptor, TrainingLoop.Result result, Evaluation testEvaluation,
                   float[] testProbabilities, double trainSeconds) {}

    private TrainingRun() {}

    static Outcome trainAndSave(String name, ModelSpec spec, TrainingConfig config, Dataset data, StratifiedSplit split,
                                Dataset testData, TrainingListener listener, Path dir) {
        return trainAndSave(name, spec, config, data, split, testData, listener, dir, loop -> { });
    }

    /**
     * @param setup configures the loop before it runs (checkpoints, resuming); Ctrl-C stops the loop after saving a
     *              checkpoint, and the outcome then has no descriptor
     */
    static Outcome trainAndSave(String name, ModelSpec spec, TrainingConfig config, Dataset data, StratifiedSplit split,
                                Dataset testData, TrainingListener listener, Path dir, Consumer<TrainingLoop> setup) {
        long start = System.nanoTime();
        try (DigitModel net = DigitModel.create(spec)) {
            TrainingLoop loop = new TrainingLoop(net, config, listener);
            setup.accept(loop);
            TrainingLoop.Result result = Interrupts.run(loop, () -> loop.fit(split.train(), split.validation()));
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            if (result.interrupted()) return new Outcome(null, result, null, null, trainSeconds);

            Map<String, Double> metrics = new LinkedHashMap<>();
            var last = result.history().get(result.bestEpoch() > 0 ? result.bestEpoch() - 1 : result.history().size() - 1);
            metrics.put("train_loss", last.loss());
            metrics.put("train_accuracy", last.accuracy());
            if (!Double.isNaN(last.valLoss())) {
                metrics.put("val_loss", last.valLoss());
                metrics.put("val_accuracy", last.valAccuracy());
            }
            metrics.put("train_seconds", Math.round(trainSeconds * 10) / 10.0);
            Evaluation evaluation = null;
            float[] testProbabilities = null;
            if (testData != null) {
                testProbabilities = net.probabilities(testData);
                evaluation = Evaluation.of(testData.labels(), testProbabilities);
                metrics.put("test_loss", evaluation.loss());
                metrics.put("test_accuracy", evaluation.accuracy());
            }
            ModelDescriptor descriptor = new ModelDescriptor(ModelDescriptor.FORMAT, ModelDescriptor.FORMAT_VERSION, name,
                    spec.toString(), ModelSummary.of(spec).totalParams(), ModelDescriptor.Input.mnist(), config.describe(),
                    new ModelDescriptor.DataInfo(data.name(), null, split.train().size(),
                            split.validation() == null ? 0 : split.validation().size()),
                    metrics, VersionProvider.versions(), Instant.now().toString(), null, null);
            ModelDescriptor saved = ModelStore.save(net, descriptor, dir);
            HistoryFiles.write(dir, result.history());
            Checkpoint.delete(dir); // the finished model replaces it
            return new Outcome(saved, result, evaluation, testProbabilities, trainSeconds);
        }
    }
}
