package digits.train;

import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.ModelSpec;
import digits.model.ModelSummary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;

/**
 * A notebook's hyper-parameter loop: several architectures trained one after another with the same options,
 * split and seed, each then scored on its training, validation and test images.
 */
public final class Sweep {
    /**
     * The sweep's own defaults over {@link TrainingSettings}': a scikit-learn-like loop (an mlp, Adam at a constant
     * 0.001, 5 epochs), where {@code digits train} defaults to a CNN with a one-cycle schedule.
     */
    public static final Map<Setting<?>, Object> DEFAULTS = orderedMap(
            TrainingSettings.MODEL, "mlp",
            TrainingSettings.EPOCHS, 5,
            TrainingSettings.LEARNING_RATE, 0.001,
            TrainingSettings.SCHEDULE, "constant");

    /** One configuration to train: a display name such as {@code mlp 10,20,10} and its request. */
    public record Candidate(String name, TrainingRequest request) {
        public Candidate {
            Objects.requireNonNull(name);
            Objects.requireNonNull(request);
        }
    }

    /**
     * The outcome of one configuration. Accuracies are of the final model in inference mode (as scikit-learn's
     * {@code score}), not the running mean of the last epoch; NaN where that data set was not given.
     * {@code seconds} is the training time, evaluation excluded.
     */
    public record Row(String name, String architecture, long parameters, int epochs, double trainAccuracy,
                      double valAccuracy, double testAccuracy, double testLoss, double seconds) {}

    /** Hears about each configuration as it starts and ends, so a console can print rows while the sweep runs. */
    public interface Listener {
        default void onStart(int index, int total, Candidate candidate) {}

        default void onRow(int index, int total, Row row) {}
    }

    private Sweep() {}

    /**
     * Trains every candidate on the same data and split, each with {@link TrainingJob}, and scores it.
     *
     * @param training hears each candidate's epochs (e.g. a progress display); {@link TrainingListener#SILENT} for none
     */
    public static List<Row> run(List<Candidate> candidates, TrainingData data, TrainingListener training, Listener listener) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no configurations to sweep");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            listener.onStart(i + 1, candidates.size(), c);
            double[] scores = new double[2];
            TrainingListener scoring = new TrainingListener() {
                @Override
                public void onTrainingEnd(DigitModel model) {
                    scores[0] = accuracy(model, data.train());
                    scores[1] = accuracy(model, data.validation());
                }
            };
            TrainingJob.Outcome outcome = new TrainingJob(c.request(), data).listener(training.and(scoring)).run();
            ModelSpec spec = c.request().modelSpec();
            Evaluation onTest = outcome.testEvaluation();
            Row row = new Row(c.name(), spec.toString(), ModelSummary.of(spec).totalParams(), outcome.result().history().size(),
                    scores[0], scores[1], onTest == null ? Double.NaN : onTest.accuracy(),
                    onTest == null ? Double.NaN : onTest.loss(), outcome.trainSeconds());
            rows.add(row);
            listener.onRow(i + 1, candidates.size(), row);
        }
        return List.copyOf(rows);
    }

    private static double accuracy(DigitModel model, Dataset data) {
        if (data == null || data.size() == 0) return Double.NaN;
        return Evaluation.of(data.labels(), model.probabilities(data)).accuracy();
    }

    private static Map<Setting<?>, Object> orderedMap(Object... pairs) {
        Map<Setting<?>, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((Setting<?>) pairs[i], pairs[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
