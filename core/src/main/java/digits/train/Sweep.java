package digits.train;

import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.ModelSpec;
import digits.model.ModelSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A notebook's hyper-parameter loop: several architectures trained one after another with the same options,
 * split and seed, each then scored on its training, validation and test images.
 */
public final class Sweep {
    /** One configuration to train: a display name such as {@code mlp 10,20,10} and its architecture. */
    public record Candidate(String name, ModelSpec spec) {
        public Candidate {
            Objects.requireNonNull(name);
            Objects.requireNonNull(spec);
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
     * Trains every candidate on {@code train} (validated on {@code validation}, which may be null) and scores it.
     *
     * @param test labelled test data, or null
     * @param training hears each candidate's epochs (e.g. a progress display); {@link TrainingListener#SILENT} for none
     */
    public static List<Row> run(List<Candidate> candidates, TrainingConfig config, Dataset train, Dataset validation,
                                Dataset test, TrainingListener training, Listener listener) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no configurations to sweep");
        if (test != null && !test.hasLabels()) throw new IllegalArgumentException(test.name() + ": test data needs labels");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            listener.onStart(i + 1, candidates.size(), c);
            Row row;
            try (DigitModel model = DigitModel.create(c.spec())) {
                long start = System.nanoTime();
                TrainingLoop.Result result = new TrainingLoop(model, config, training).fit(train, validation);
                double seconds = (System.nanoTime() - start) / 1e9;
                Evaluation onTest = test == null ? null : Evaluation.of(test.labels(), model.probabilities(test));
                row = new Row(c.name(), c.spec().toString(), ModelSummary.of(c.spec()).totalParams(), result.history().size(),
                        accuracy(model, train), accuracy(model, validation),
                        onTest == null ? Double.NaN : onTest.accuracy(), onTest == null ? Double.NaN : onTest.loss(), seconds);
            }
            rows.add(row);
            listener.onRow(i + 1, candidates.size(), row);
        }
        return List.copyOf(rows);
    }

    private static double accuracy(DigitModel model, Dataset data) {
        if (data == null || data.size() == 0) return Double.NaN;
        return Evaluation.of(data.labels(), model.probabilities(data)).accuracy();
    }
}
