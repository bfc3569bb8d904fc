package digits.train;

import digits.data.DataSources;
import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.StratifiedSplit;
import digits.data.UserDigits;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The data of a training run: all the labelled training images, their split into training and validation parts
 * (stratified, by the request's val-split and seed), and the labelled test images evaluated after training (or none).
 * Digits added with the request's {@code add} setting (a person's own) join the training part only, each
 * {@code add-weight} times.
 *
 * @param added the added digits, or null
 */
public record TrainingData(Dataset all, StratifiedSplit split, Dataset test, Dataset added) {

    /** Loads what the request names: input (cut to limit), its split, the added digits, and the test data. */
    public static TrainingData load(TrainingRequest request) {
        DataSources.Loaded loaded = DataSources.loadDetected(request.input());
        Dataset data = loaded.data();
        if (request.limit() != null) data = data.head(request.limit());
        return of(request, data, testData(request, loaded.csv()));
    }

    /**
     * The given images, split as the request says, with the digits its {@code add} setting names (loaded here, so that
     * every way of training honours it); {@code test} may be null.
     */
    public static TrainingData of(TrainingRequest request, Dataset data, Dataset test) {
        Path added = request.added();
        return of(request, data, test, added == null ? null : UserDigits.load(added));
    }

    private static TrainingData of(TrainingRequest request, Dataset data, Dataset test, Dataset added) {
        if (!data.hasLabels()) throw new InvalidInputException(data.name() + ": training data needs labels");
        if (test != null && !test.hasLabels()) throw new InvalidInputException(test.name() + ": test data needs labels");
        StratifiedSplit split = StratifiedSplit.split(data, request.valSplit(), request.seed());
        if (added != null) {
            split = new StratifiedSplit(withRepeats(split.train(), added, request.get(TrainingSettings.ADD_WEIGHT)),
                    split.validation());
        }
        return new TrainingData(data, split, test, added);
    }

    /** The same images split for another seed (ensemble members each draw their own validation part). */
    public TrainingData splitFor(TrainingRequest request) {
        return of(request, all, test, added);
    }

    /** {@code base}'s images followed by {@code extra}'s, each of those {@code times} times. */
    static Dataset withRepeats(Dataset base, Dataset extra, int times) {
        int n = base.size() + extra.size() * times;
        float[] pixels = Arrays.copyOf(base.pixels(), n * Dataset.PIXELS);
        int[] labels = Arrays.copyOf(base.labels(), n);
        for (int r = 0, k = base.size(); r < times; r++) {
            for (int i = 0; i < extra.size(); i++, k++) {
                extra.copyImage(i, pixels, k * Dataset.PIXELS);
                labels[k] = extra.label(i);
            }
        }
        return new Dataset(base.name() + " + " + extra.name() + " x" + times, pixels, labels);
    }

    public Dataset train() {
        return split.train();
    }

    /** The validation part, or null when the split holds none back. */
    public Dataset validation() {
        return split.validation();
    }

    public int validationSize() {
        return split.validation() == null ? 0 : split.validation().size();
    }

    /** The labelled test data a request's test setting names, or null for none. */
    public static Dataset testData(TrainingRequest request) {
        return testData(request, DataSources.isCsv(request.input()));
    }

    /** {@link #testData(TrainingRequest)} when it is known whether the input held CSV (a pipe cannot be looked at twice). */
    private static Dataset testData(TrainingRequest request, boolean csvInput) {
        String t = request.test();
        if (t.equalsIgnoreCase("none")) return null;
        if (t.equalsIgnoreCase("auto")) {
            return csvInput ? null : DataSources.load(DataSources.MNIST_TEST);
        }
        Dataset d = DataSources.load(t);
        if (!d.hasLabels()) throw new InvalidInputException(t + ": test data needs labels");
        return d;
    }
}
