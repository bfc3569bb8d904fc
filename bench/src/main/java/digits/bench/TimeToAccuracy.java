package digits.bench;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.train.TrainingListener;
import digits.train.TrainingData;
import digits.train.TrainingJob;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The accuracy record of a fixed training recipe: its <em>final</em> test accuracy on the 10,000 MNIST test images,
 * and the wall time of the run that ends with that one evaluation. The recipe always runs all its epochs (nothing is
 * chosen by looking at the test set). A recipe with test-time augmentation ({@link Recipe#tta()}) makes its final
 * predictions with it: its final accuracy and time are those of that evaluation. After every epoch the model is also evaluated on the test set, so the epoch at
 * which each target accuracy is first crossed is known too: a secondary figure, since a run stopped there would have
 * been chosen by the test set.
 *
 * <p>Two times per target: {@code seconds} counts everything from the clock's start to the end of the evaluation
 * that saw the target, including the evaluations of earlier epochs: the honest time of a run that stops at the target.
 * {@code secondsWithoutEval} subtracts those evaluations: the time of the same training run that did not look.
 */
public final class TimeToAccuracy {
    private TimeToAccuracy() {}

    /**
     * After one epoch: when (seconds since the clock's start), the epoch's time as the training loop reports it
     * (training and its validation pass), training images per second of that time, and the test evaluation.
     */
    public record Epoch(int epoch, double seconds, double epochSeconds, double imagesPerSecond, double evalSeconds,
                        double testAccuracy, long rssBytes) {}

    /** When a target was first crossed (secondary); epoch and times are null when the recipe never reached it. */
    public record Hit(double target, Integer epoch, Double seconds, Double secondsWithoutEval) {}

    /**
     * @param process  "forked JVM" (a fresh JVM per recipe: cold start) or "in-process"
     * @param clock    what time 0 is: "jvm_start" (the forked JVM's start, as for a user's command) or "recipe_start"
     * @param tta      the recipe's test-time augmentation ("none" or its views)
     * @param finalAccuracy the final model's test accuracy, with the recipe's test-time augmentation if it has one
     * @param finalSeconds  time 0 to the end of that evaluation, without the earlier epochs' test evaluations
     * @param finalAccuracyWithoutTta the same model without test-time augmentation (the last epoch's evaluation); null
     *                                for a recipe without it
     */
    public record Result(String recipe, String model, String spec, long seed, String process, String clock,
                         double dataLoadedSeconds, int trainImages, int testImages, int plannedEpochs, String tta,
                         double finalAccuracy, double finalSeconds, Double finalAccuracyWithoutTta, List<Hit> targets,
                         List<Epoch> epochs, double bestAccuracy, boolean allReached) {}

    /**
     * A recipe's record over several seeds: final test accuracy and wall time, each as mean, min and max; for a recipe
     * with test-time augmentation also the mean accuracy of the same models without it.
     */
    public record Summary(String recipe, String model, List<Long> seeds, double meanAccuracy, double minAccuracy,
                          double maxAccuracy, double meanSeconds, double minSeconds, double maxSeconds,
                          Double meanAccuracyWithoutTta) {
        public static Summary of(List<Result> runs) {
            if (runs.isEmpty()) throw new IllegalArgumentException("no runs to summarise");
            var accuracy = runs.stream().mapToDouble(Result::finalAccuracy).summaryStatistics();
            var seconds = runs.stream().mapToDouble(Result::finalSeconds).summaryStatistics();
            boolean augmented = runs.stream().allMatch(r -> r.finalAccuracyWithoutTta() != null);
            Double withoutTta = augmented ? runs.stream().mapToDouble(Result::finalAccuracyWithoutTta).average().orElseThrow() : null;
            return new Summary(runs.get(0).recipe(), runs.get(0).model(), runs.stream().map(Result::seed).toList(),
                    accuracy.getAverage(), accuracy.getMin(), accuracy.getMax(), seconds.getAverage(), seconds.getMin(),
                    seconds.getMax(), withoutTta);
        }
    }

    /**
     * Loads MNIST, trains {@code recipe} and evaluates on the test set after every epoch.
     *
     * @param clockStartMillis time 0, in {@link System#currentTimeMillis()} terms
     */
    public static Result run(Recipe recipe, List<Double> targets, long clockStartMillis, String process, String clock,
                             Consumer<String> progress) {
        for (double t : targets) {
            if (!(t > 0 && t <= 1)) throw new IllegalArgumentException("--targets are accuracies in (0,1], got " + t);
        }
        TrainingData data = recipe.data(MnistFiles.train());
        Dataset train = data.train();
        Dataset test = MnistFiles.test();
        TestClock timer = new TestClock(clockStartMillis, test);
        double loaded = timer.now();
        progress.accept(String.format(Locale.ROOT, "  data ready at %.1f s: %,d training images, %,d test images", loaded,
                train.size(), test.size()));
        List<Epoch> epochs = new ArrayList<>();
        Double[] hitSeconds = new Double[targets.size()];
        Double[] hitWithoutEval = new Double[targets.size()];
        Integer[] hitEpoch = new Integer[targets.size()];
        TrainingListener listener = timer.evaluatingEveryEpoch(train.size(), (stats, planned, e) -> {
            epochs.add(e);
            double accuracy = e.testAccuracy();
            double now = e.seconds();
            progress.accept(String.format(Locale.ROOT, "  epoch %d/%d: test accuracy %.4f at %.1f s (epoch %.1f s, "
                    + "test evaluation %.2f s)", stats.epoch(), planned, accuracy, now, stats.seconds(), e.evalSeconds()));
            for (int i = 0; i < targets.size(); i++) {
                if (hitEpoch[i] == null && accuracy >= targets.get(i)) {
                    hitEpoch[i] = stats.epoch();
                    hitSeconds[i] = now;
                    hitWithoutEval[i] = now - timer.evalSeconds();
                    progress.accept(String.format(Locale.ROOT, "  reached %.4f at epoch %d: %.1f s (%.1f s without "
                            + "test evaluations)", targets.get(i), stats.epoch(), now, hitWithoutEval[i]));
                }
            }
        });
        double[] ttaAccuracy = {Double.NaN};
        double[] ttaDone = {Double.NaN}; // seconds since time 0 when the augmented evaluation ended
        double[] ttaSeconds = {0};
        TrainingListener augmented = new TrainingListener() {
            @Override
            public void onTrainingEnd(DigitModel model) {
                if (recipe.tta().isNone()) return;
                double evaluatedBefore = timer.evalSeconds();
                ttaAccuracy[0] = Evaluation.of(test.labels(), timer.augmentedProbabilities(model, recipe.tta())).accuracy();
                ttaSeconds[0] = timer.evalSeconds() - evaluatedBefore;
                ttaDone[0] = timer.now();
            }
        };
        new TrainingJob(recipe.request(), data).listener(listener.and(augmented)).run();
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) hits.add(new Hit(targets.get(i), hitEpoch[i], hitSeconds[i], hitWithoutEval[i]));
        double best = epochs.stream().mapToDouble(Epoch::testAccuracy).max().orElse(Double.NaN);
        Epoch last = epochs.get(epochs.size() - 1);
        // The run that evaluates once, at its end: every other evaluation's time taken out. With test-time augmentation
        // that one evaluation is the augmented one, and the last epoch's plain evaluation is taken out too.
        boolean augmentedAtTest = !recipe.tta().isNone();
        double finalSeconds = augmentedAtTest ? ttaDone[0] - (timer.evalSeconds() - ttaSeconds[0])
                : last.seconds() - (timer.evalSeconds() - last.evalSeconds());
        double finalAccuracy = augmentedAtTest ? ttaAccuracy[0] : last.testAccuracy();
        if (augmentedAtTest) {
            progress.accept(String.format(Locale.ROOT, "  final test accuracy %.4f with test-time augmentation (%s), %.4f "
                    + "without", finalAccuracy, recipe.tta().describe(), last.testAccuracy()));
        }
        progress.accept(String.format(Locale.ROOT, "  final test accuracy %.4f at %.1f s (without the earlier epochs' "
                + "test evaluations)", finalAccuracy, finalSeconds));
        return new Result(recipe.text(), recipe.modelName(), recipe.spec().toString(), recipe.request().seed(), process, clock,
                loaded, train.size(), test.size(), recipe.request().epochs(), recipe.tta().describe(), finalAccuracy,
                finalSeconds, augmentedAtTest ? last.testAccuracy() : null, hits, epochs, best,
                hits.stream().allMatch(h -> h.epoch() != null));
    }

}
