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
 * Wall time until a training recipe first reaches target accuracies on the 10,000 MNIST test images.
 * The recipe runs as planned (its schedule spans all its epochs); after every epoch the model is evaluated on the
 * test set, and the run stops once every target is reached.
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

    /** When a target was first reached; epoch and times are null when the recipe ended below it. */
    public record Hit(double target, Integer epoch, Double seconds, Double secondsWithoutEval) {}

    /**
     * @param process  "forked JVM" (a fresh JVM per recipe: cold start) or "in-process"
     * @param clock    what time 0 is: "jvm_start" (the forked JVM's start, as for a user's command) or "recipe_start"
     */
    public record Result(String recipe, String model, String spec, String process, String clock, double dataLoadedSeconds,
                         int trainImages, int testImages, int plannedEpochs, List<Hit> targets, List<Epoch> epochs,
                         double bestAccuracy, boolean allReached) {}

    /** Thrown from the listener to end training once every target is reached (the loop closes its resources). */
    private static final class TargetsReached extends RuntimeException {
        TargetsReached() {
            super("all targets reached", null, false, false);
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
            boolean all = true;
            for (int i = 0; i < targets.size(); i++) {
                if (hitEpoch[i] == null && accuracy >= targets.get(i)) {
                    hitEpoch[i] = stats.epoch();
                    hitSeconds[i] = now;
                    hitWithoutEval[i] = now - timer.evalSeconds();
                    progress.accept(String.format(Locale.ROOT, "  reached %.4f at epoch %d: %.1f s (%.1f s without "
                            + "test evaluations)", targets.get(i), stats.epoch(), now, hitWithoutEval[i]));
                }
                all &= hitEpoch[i] != null;
            }
            if (all) throw new TargetsReached();
        });
        try {
            new TrainingJob(recipe.request(), data).listener(listener).run();
        } catch (TargetsReached stop) {
            // expected: every target reached before the recipe's last epoch
        }
        List<Hit> hits = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) hits.add(new Hit(targets.get(i), hitEpoch[i], hitSeconds[i], hitWithoutEval[i]));
        double best = epochs.stream().mapToDouble(Epoch::testAccuracy).max().orElse(Double.NaN);
        return new Result(recipe.text(), recipe.modelName(), recipe.spec().toString(), process, clock, loaded,
                train.size(), test.size(), recipe.request().epochs(), hits, epochs, best,
                hits.stream().allMatch(h -> h.epoch() != null));
    }

}
