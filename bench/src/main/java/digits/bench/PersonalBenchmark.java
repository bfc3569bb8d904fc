package digits.bench;

import digits.data.Dataset;
import digits.data.HandwritingStyle;
import digits.data.MnistFiles;
import digits.eval.Evaluation;
import digits.model.ModelStore;
import digits.train.FineTune;
import digits.train.TrainingListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * How much a person's corrections teach a trained model ({@code digits bench --only personal}): a handwriting style
 * the model misreads is drawn onto real MNIST digits ({@link HandwritingStyle}); the person's corrections are styled
 * MNIST <em>training</em> digits, their held-out digits styled MNIST <em>test</em> digits (never trained on in any
 * form); for each number of corrections the base model is fine-tuned ({@link FineTune#DEFAULTS}) and both the
 * held-out styled digits and the whole MNIST test set are scored, before and after.
 */
public final class PersonalBenchmark {
    private PersonalBenchmark() {}

    /** One fine-tune: {@code corrections} styled digits learnt. */
    public record Row(int corrections, double styleAccuracy, double mnistAccuracy, double seconds) {}

    /**
     * @param styleAccuracyBefore the base model on the held-out styled digits
     * @param mnistAccuracyBefore the base model on the MNIST test set
     */
    public record Result(String model, String modelId, String style, int heldOut, FineTune settings,
                         double styleAccuracyBefore, double mnistAccuracyBefore, List<Row> rows) {}

    public static Result run(Path modelDir, HandwritingStyle style, List<Integer> corrections, int heldOut,
                             FineTune settings, Consumer<String> progress, Consumer<Row> onRow) {
        Dataset mnistTest = MnistFiles.test();
        int most = corrections.stream().mapToInt(Integer::intValue).max().orElse(0);
        Dataset pool = style.apply(MnistFiles.train(), most);
        if (pool.size() < most) throw new IllegalArgumentException("only " + pool.size() + " styled digits for " + most);
        Dataset held = style.apply(mnistTest, heldOut);
        List<Dataset> judge = List.of(held, mnistTest);
        try (ModelStore.Loaded base = ModelStore.load(modelDir)) {
            List<Evaluation> before = FineTune.judge(base.model(), judge);
            progress.accept(String.format(Locale.ROOT, "  before: %s %.2f%%, MNIST test %.2f%%", style.label(),
                    100 * before.get(0).accuracy(), 100 * before.get(1).accuracy()));
            List<Row> rows = new ArrayList<>();
            for (int n : corrections) {
                long start = System.nanoTime();
                FineTune.Result tuned = settings.run(base.model(), base.descriptor(), pool.head(n), null,
                        TrainingListener.SILENT, judge);
                Row row = new Row(n, tuned.judged().get(0).accuracy(), tuned.judged().get(1).accuracy(),
                        tuned.outcome().trainSeconds());
                rows.add(row);
                onRow.accept(row);
                progress.accept(String.format(Locale.ROOT, "  %d corrections: %.1f s (with evaluation %.1f s)", n,
                        row.seconds, (System.nanoTime() - start) / 1e9));
            }
            return new Result(modelDir.toString(), base.descriptor().name() + " " + base.descriptor().paramsSha256()
                    .substring(0, 8), style.label(), held.size(), settings, before.get(0).accuracy(),
                    before.get(1).accuracy(), rows);
        }
    }
}
