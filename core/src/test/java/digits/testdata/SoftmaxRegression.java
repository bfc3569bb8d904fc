package digits.testdata;

import digits.data.Dataset;
import digits.train.EpochStats;

import java.util.ArrayList;
import java.util.List;

/**
 * Multinomial logistic regression trained with plain minibatch SGD, in a few hundred milliseconds, so that
 * history plots are tested on a real training history (loss falling, accuracy rising, a learning-rate step)
 * rather than invented numbers.
 */
public final class SoftmaxRegression {
    private static final int K = Dataset.CLASSES;
    private static final int D = Dataset.PIXELS;
    private final float[] w = new float[K * D];
    private final float[] b = new float[K];

    /** Trains for {@code epochs}, halving the learning rate every {@code stepEvery} epochs; returns the history. */
    public static List<EpochStats> train(Dataset train, Dataset validation, int epochs, double learningRate, int stepEvery) {
        SoftmaxRegression model = new SoftmaxRegression();
        List<EpochStats> history = new ArrayList<>();
        double lr = learningRate;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            double[] trainStats = model.epoch(train, lr);
            double[] valStats = validation == null ? new double[]{Double.NaN, Double.NaN} : model.score(validation);
            history.add(new EpochStats(epoch, trainStats[0], trainStats[1], valStats[0], valStats[1], lr,
                    (System.nanoTime() - start) / 1e9));
            if (epoch % stepEvery == 0) lr /= 2;
        }
        return history;
    }

    /** One pass of SGD with batch size 1; returns the running mean loss and accuracy, as Keras reports them. */
    private double[] epoch(Dataset data, double lr) {
        double loss = 0;
        int correct = 0;
        float[] p = new float[K];
        for (int i = 0; i < data.size(); i++) {
            int y = data.label(i);
            forward(data.pixels(), i * D, p);
            loss -= Math.log(Math.max(p[y], 1e-7));
            if (argmax(p) == y) correct++;
            for (int k = 0; k < K; k++) {
                float g = (float) (lr * (p[k] - (k == y ? 1 : 0)));
                b[k] -= g;
                for (int j = 0; j < D; j++) w[k * D + j] -= g * data.pixels()[i * D + j];
            }
        }
        return new double[]{loss / data.size(), (double) correct / data.size()};
    }

    private double[] score(Dataset data) {
        double loss = 0;
        int correct = 0;
        float[] p = new float[K];
        for (int i = 0; i < data.size(); i++) {
            forward(data.pixels(), i * D, p);
            loss -= Math.log(Math.max(p[data.label(i)], 1e-7));
            if (argmax(p) == data.label(i)) correct++;
        }
        return new double[]{loss / data.size(), (double) correct / data.size()};
    }

    private void forward(float[] x, int offset, float[] p) {
        double max = Double.NEGATIVE_INFINITY;
        double[] z = new double[K];
        for (int k = 0; k < K; k++) {
            double s = b[k];
            for (int j = 0; j < D; j++) s += w[k * D + j] * x[offset + j];
            z[k] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < K; k++) sum += Math.exp(z[k] - max);
        for (int k = 0; k < K; k++) p[k] = (float) (Math.exp(z[k] - max) / sum);
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
        return best;
    }
}
