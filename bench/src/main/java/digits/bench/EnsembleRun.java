package digits.bench;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.TtaViews;
import digits.train.TrainingListener;
import digits.train.TrainingData;
import digits.train.TrainingJob;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Trains one recipe several times with seeds seed, seed+1, ... (as {@code digits ensemble} does), or several recipes
 * in turn (member k, counted from 0, trains recipe k mod R with seed+k: an ensemble of different architectures), and
 * measures, on the 10,000 MNIST test images: each member's test accuracy after every epoch (so the first member also
 * times a single model), the accuracy of the average of the members' probabilities after each member, the wall time of
 * it all, and the resident memory after every epoch (the first member's RSS from epoch 2 on shows whether training
 * leaks).
 */
public final class EnsembleRun {
    private EnsembleRun() {}

    /**
     * @param seconds            since the clock's start, at the end of this member's last test evaluation
     * @param secondsWithoutEval the same, less all per-epoch test evaluations so far
     */
    public record Member(int index, String recipe, String model, long seed, List<TimeToAccuracy.Epoch> epochs,
                         double testAccuracy, double seconds, double secondsWithoutEval) {}

    /**
     * The ensemble of the first {@code members} members.
     *
     * @param ttaTestAccuracy the same ensemble with test-time augmentation (each member averaged over the image and its
     *                        copies), or null when not asked for; its evaluation counts as test evaluation
     *                        time (in seconds, not in secondsWithoutEval)
     */
    public record Step(int members, double testAccuracy, double seconds, double secondsWithoutEval, Double ttaTestAccuracy) {}

    /**
     * @param rssMaxDeviationPercent the first member's largest RSS deviation from its epoch 2, in percent (null with fewer
     *                               than 2 epochs or no /proc)
     */
    public record Result(List<String> recipes, String clock, double dataLoadedSeconds, int trainImages, int testImages,
                         TtaViews tta, List<Member> members, List<Step> ensemble, Double rssMaxDeviationPercent,
                         Boolean rssFlat) {}

    /**
     * @param recipes          the members' recipes, taken in turn (one recipe: every member trains it)
     * @param clockStartMillis time 0, in {@link System#currentTimeMillis()} terms
     * @param clock            what time 0 is, for the report
     * @param tta              also score the ensemble with test-time augmentation over these copies (none: no)
     */
    public static Result run(List<Recipe> recipes, int members, TtaViews tta, long clockStartMillis, String clock,
                             Consumer<String> progress) {
        if (recipes.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one recipe");
        if (members < 1) throw new IllegalArgumentException("--members must be at least 1, got " + members);
        Dataset test = MnistFiles.test();
        Dataset train = MnistFiles.train();
        TestClock timer = new TestClock(clockStartMillis, test);
        double loaded = timer.now();
        float[] sum = new float[test.size() * Dataset.CLASSES];
        float[] ttaSum = new float[tta.isNone() ? 0 : sum.length];
        List<Member> done = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        int trainImages = 0;
        for (int m = 0; m < members; m++) {
            Recipe recipe = recipes.get(m % recipes.size());
            Recipe member = recipe.withSeed(recipe.request().seed() + m);
            TrainingData data = member.data(train);
            trainImages = data.train().size();
            List<TimeToAccuracy.Epoch> epochs = new ArrayList<>();
            int index = m + 1;
            TrainingListener evaluating = timer.evaluatingEveryEpoch(data.train().size(), (stats, planned, e) -> {
                epochs.add(e);
                progress.accept(String.format(Locale.ROOT, "  member %d/%d, epoch %d/%d: test accuracy %.4f at %.1f s "
                        + "(epoch %.1f s), RSS %.0f MB", index, members, stats.epoch(), planned, e.testAccuracy(), e.seconds(),
                        stats.seconds(), e.rssBytes() / 1048576.0));
            });
            TrainingListener augmented = new TrainingListener() {
                @Override
                public void onTrainingEnd(DigitModel model) {
                    if (tta.isNone()) return;
                    float[] views = timer.augmentedProbabilities(model, tta);
                    for (int i = 0; i < ttaSum.length; i++) ttaSum[i] += views[i];
                }
            };
            new TrainingJob(member.request(), data).listener(evaluating.and(augmented)).run();
            // The last epoch's evaluation is the final model's (recipes have no early stopping to restore weights).
            float[] probabilities = timer.lastProbabilities();
            for (int i = 0; i < sum.length; i++) sum[i] += probabilities[i];
            double now = timer.now();
            double memberAccuracy = epochs.get(epochs.size() - 1).testAccuracy();
            done.add(new Member(m + 1, recipe.text(), recipe.modelName(), member.request().seed(), epochs, memberAccuracy, now,
                    now - timer.evalSeconds()));
            double ensembleAccuracy = Evaluation.of(test.labels(), mean(sum, m + 1)).accuracy();
            Double ttaAccuracy = !tta.isNone() ? Evaluation.of(test.labels(), mean(ttaSum, m + 1)).accuracy() : null;
            steps.add(new Step(m + 1, ensembleAccuracy, now, now - timer.evalSeconds(), ttaAccuracy));
            progress.accept(String.format(Locale.ROOT, "  after %d member%s: ensemble test accuracy %.4f%s at %.1f s "
                    + "(%.1f s without the per-epoch test evaluations)", m + 1, m == 0 ? "" : "s", ensembleAccuracy,
                    ttaAccuracy == null ? "" : String.format(Locale.ROOT, " (with TTA %.4f)", ttaAccuracy),
                    now, now - timer.evalSeconds()));
        }
        Double deviation = rssDeviation(done.get(0).epochs());
        return new Result(recipes.stream().map(Recipe::text).toList(), clock, loaded, trainImages, test.size(), tta,
                done, steps, deviation, deviation == null ? null : deviation <= MemoryRun.FLAT_PERCENT);
    }

    private static float[] mean(float[] sum, int members) {
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) mean[i] = sum[i] / members;
        return mean;
    }

    /** Largest |RSS(e) - RSS(2)| / RSS(2) over epochs e >= 2, in percent. */
    static Double rssDeviation(List<TimeToAccuracy.Epoch> epochs) {
        return MemoryRun.maxDeviation(epochs.stream()
                .map(e -> new MemoryRun.Epoch(e.epoch(), e.rssBytes(), 0, e.epochSeconds())).toList());
    }
}
