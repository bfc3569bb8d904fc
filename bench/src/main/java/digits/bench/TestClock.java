package digits.bench;

import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.model.DigitModel;
import digits.model.ProbabilityModel;
import digits.model.TestTimeAugmentation;
import digits.model.TtaViews;
import digits.train.EpochStats;
import digits.train.TrainingListener;

/**
 * A wall clock for accuracy-per-time runs that evaluates a model on the test set after an epoch and keeps the total
 * time spent in those evaluations, so results can be given with and without them.
 */
final class TestClock {
    private final long startMillis;
    private final Dataset test;
    private double evalSeconds;
    private float[] lastProbabilities;

    TestClock(long startMillis, Dataset test) {
        this.startMillis = startMillis;
        this.test = test;
    }

    /** Seconds since time 0. */
    double now() {
        return (System.currentTimeMillis() - startMillis) / 1000.0;
    }

    /** Seconds spent in {@link #evaluate} so far. */
    double evalSeconds() {
        return evalSeconds;
    }

    /** The test-set probabilities of the latest {@link #evaluate}, or null before the first. */
    float[] lastProbabilities() {
        return lastProbabilities;
    }

    /** The test-set probabilities of {@code model} averaged over {@code views}: a test evaluation, timed as one. */
    float[] augmentedProbabilities(DigitModel model, TtaViews views) {
        long start = System.nanoTime();
        // Not closed: closing the wrapper would close the network, which the training job does.
        float[] probabilities = TestTimeAugmentation.wrap(ProbabilityModel.of(model), views).probabilities(test);
        evalSeconds += (System.nanoTime() - start) / 1e9;
        return probabilities;
    }

    /** Hears each epoch's test evaluation. */
    interface EpochEnd {
        void accept(EpochStats stats, int planned, TimeToAccuracy.Epoch evaluated);
    }

    /** A training listener that evaluates the model being trained on the test set after every epoch. */
    TrainingListener evaluatingEveryEpoch(int trainImages, EpochEnd then) {
        return new TrainingListener() {
            private DigitModel model;

            @Override
            public void onTrainingStart(DigitModel trained) {
                model = trained;
            }

            @Override
            public void onEpochEnd(EpochStats stats, int planned) {
                then.accept(stats, planned, evaluate(model, stats, trainImages));
            }
        };
    }

    /** Evaluates {@code net} on the test set after the epoch of {@code stats} ({@code trainImages} per epoch). */
    TimeToAccuracy.Epoch evaluate(DigitModel net, EpochStats stats, int trainImages) {
        long start = System.nanoTime();
        lastProbabilities = net.probabilities(test);
        double accuracy = Evaluation.of(test.labels(), lastProbabilities).accuracy();
        double seconds = (System.nanoTime() - start) / 1e9;
        evalSeconds += seconds;
        return new TimeToAccuracy.Epoch(stats.epoch(), now(), stats.seconds(), trainImages / stats.seconds(), seconds, accuracy,
                Rss.bytes());
    }
}
