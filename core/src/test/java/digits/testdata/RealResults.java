package digits.testdata;

import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.eval.MostConfused;
import digits.train.EpochStats;

import java.util.List;

/**
 * Genuine model outputs on real MNIST digits, computed once per test run and shared by the picture tests:
 * a nearest-class-mean classifier's probabilities on 2,000 test digits, and a logistic regression's history.
 */
public final class RealResults {
    public static final Dataset TRAIN = MnistSample.train(2500);
    public static final Dataset TEST = MnistSample.test(2000);
    public static final float[] PROBABILITIES = new NearestMeanClassifier(TRAIN.head(2000)).probabilities(TEST);
    public static final Evaluation EVALUATION = Evaluation.of(TEST.labels(), PROBABILITIES);
    public static final List<MostConfused.Mistake> MISTAKES = MostConfused.find(TEST.labels(), PROBABILITIES, 24);
    public static final List<EpochStats> HISTORY = history();

    private RealResults() {}

    /** Six epochs on 2,000 digits, validated on 500 others, learning rate halved every two epochs. */
    private static List<EpochStats> history() {
        Dataset train = TRAIN.head(2000);
        Dataset validation = TRAIN.subset(java.util.stream.IntStream.range(2000, 2500).toArray(), "validation");
        return SoftmaxRegression.train(train, validation, 6, 0.05, 2);
    }
}
