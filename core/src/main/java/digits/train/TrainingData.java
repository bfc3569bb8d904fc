package digits.train;

import digits.data.DataSources;
import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.StratifiedSplit;

/**
 * The data of a training run: all the labelled training images, their split into training and validation parts
 * (stratified, by the request's val-split and seed), and the labelled test images evaluated after training (or none).
 */
public record TrainingData(Dataset all, StratifiedSplit split, Dataset test) {

    /** Loads what the request names: input (cut to limit), its split, and the test data. */
    public static TrainingData load(TrainingRequest request) {
        DataSources.Loaded loaded = DataSources.loadDetected(request.input());
        Dataset data = loaded.data();
        if (request.limit() != null) data = data.head(request.limit());
        return of(request, data, testData(request, loaded.csv()));
    }

    /** The given images, split as the request says; {@code test} may be null. */
    public static TrainingData of(TrainingRequest request, Dataset data, Dataset test) {
        if (!data.hasLabels()) throw new InvalidInputException(data.name() + ": training data needs labels");
        if (test != null && !test.hasLabels()) throw new InvalidInputException(test.name() + ": test data needs labels");
        return new TrainingData(data, StratifiedSplit.split(data, request.valSplit(), request.seed()), test);
    }

    /** The same images split for another seed (ensemble members each draw their own validation part). */
    public TrainingData splitFor(TrainingRequest request) {
        return new TrainingData(all, StratifiedSplit.split(all, request.valSplit(), request.seed()), test);
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
