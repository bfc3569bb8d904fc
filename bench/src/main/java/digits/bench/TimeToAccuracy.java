package digits.bench;

import digits.data.Dataset;
import digits.data.MnistFiles;
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
 * chosen by looking at the test set). After every epoch the model is also evaluated on the test set, so the epoch at
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
     */
    public record Result(String recipe, String model, String spec, long seed, String process, String clock,
                         double dataLoadedSeconds, int trainImages, int testImages, int plannedEpochs, double finalAccuracy,
                         double finalSeconds, List<Hit> targets, List<Epoch> epochs, double bestAccuracy, boolean allReached) {}

    /** A recipe's record over several seeds: final test accuracy and wall time, each as mean, min and max. */
    public record Summary(String recipe, String model, List<Long> seeds, double meanAccuracy, double minAccuracy,
                          double maxAccuracy, double meanSeconds, double minSeconds, double maxSeconds) {
        public static Summary of(List<Result> runs) {
            if (runs.isEmpty()) throw new IllegalArgumentException("no runs to summarise");
            var accuracy = runs.stream().mapToDouble(Result::finalAccuracy).summaryStatistics();
            var seconds = runs.stream().mapToDouble(Result::finalSeconds).summaryStatistics();
            return new Summary(runs.get(0).recipe(), runs.get(0).model(), runs.stream().map(Result::seed).toList(),
                    accuracy.getAverage(), accuracy.getMin(), accuracy.getMax(), seconds.getAverage(), seconds.getMin(),
                    seconds.getMax());
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
        new TrainingJob(recipe.request(), data).listener(listener).run();
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) hits.add(new Hit(targets.get(i), hitEpoch[i], hitSeconds[i], hitWithoutEval[i]));
        double best = epochs.stream().mapToDouble(Epoch::testAccuracy).max().orElse(Double.NaN);
        Epoch last = epochs.get(epochs.size() - 1);
        // The run that evaluates once, at its end: every earlier evaluation's time taken out.
        double finalSeconds = last.seconds() - (timer.evalSeconds() - last.evalSeconds());
        progress.accept(String.format(Locale.ROOT, "  final test accuracy %.4f at %.1f s (without the earlier epochs' "
                + "test evaluations)", last.testAccuracy(), finalSeconds));
        return new Result(recipe.text(), recipe.modelName(), recipe.spec().toString(), recipe.request().seed(), process, clock,
                loaded, train.size(), test.size(), recipe.request().epochs(), last.testAccuracy(), finalSeconds, hits, epochs,
                best, hits.stream().allMatch(h -> h.epoch() != null));
    }

}
