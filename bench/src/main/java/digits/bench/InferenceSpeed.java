package digits.bench;

import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.model.DigitModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inference speed on real test images: the latency of one image per call (what a web request or a drawing pad sees)
 * and the throughput of large batches (what scoring a Kaggle test set sees).
 */
public final class InferenceSpeed {
    private InferenceSpeed() {}

    /** Classifies {@code count} images stored flat in {@code pixels}. */
    @FunctionalInterface
    interface Classifier {
        void classify(List<float[]> images, float[] pixels, int count);
    }

    /**
     * @param source        the model directory, or "fresh &lt;model&gt;" for a freshly initialised network
     * @param path          DigitRecognizer (the library API, with input checks) or DigitModel (the bare network)
     * @param latencyMs     one-image calls: median, p99, mean, min, max in milliseconds
     * @param imagesPerSecond batch throughput: images of the median batch call per second
     */
    public record Result(String source, String path, int warmupCalls, int calls, Latency latencyMs, int batchSize,
                         int batchRepeats, double batchMedianSeconds, double imagesPerSecond) {
        public String describe() {
            return String.format(Locale.ROOT, "%s via %s: one image median %.3f ms, p99 %.3f ms (%d calls); batch of %,d: "
                    + "%,.0f images/s", source, path, latencyMs.median(), latencyMs.p99(), calls, batchSize, imagesPerSecond);
        }
    }

    public record Latency(double median, double p99, double mean, double min, double max) {
        static Latency of(double[] ms) {
            return new Latency(Stats.median(ms), Stats.percentile(ms, 99), Stats.mean(ms), Stats.min(ms), Stats.percentile(ms, 100));
        }
    }

    /** Through {@link DigitRecognizer}, as library users and {@code digits serve} call a trained model. */
    public static Result measure(DigitRecognizer recognizer, String source, Dataset images, int warmupCalls, int calls,
                                 int batchSize, int batchRepeats) {
        return measure((list, pixels, n) -> {
            if (n == 1) recognizer.predict(list.get(0));
            else recognizer.predictBatch(list);
        }, source, "DigitRecognizer", images, warmupCalls, calls, batchSize, batchRepeats);
    }

    /** Through {@link DigitModel#probabilities}, for a network that has no model directory. */
    public static Result measure(DigitModel model, String source, Dataset images, int warmupCalls, int calls, int batchSize,
                                 int batchRepeats) {
        return measure((list, pixels, n) -> model.probabilities(pixels, n), source, "DigitModel", images, warmupCalls, calls,
                batchSize, batchRepeats);
    }

    private static Result measure(Classifier classifier, String source, String path, Dataset images, int warmupCalls,
                                  int calls, int batchSize, int batchRepeats) {
        if (calls < 1 || batchSize < 1 || batchRepeats < 1 || warmupCalls < 0) {
            throw new IllegalArgumentException("inference needs at least 1 call, batch size and batch repeat");
        }
        if (images.size() < batchSize) {
            throw new IllegalArgumentException("inference batch of " + batchSize + " needs as many images, " + images.name()
                    + " has " + images.size());
        }
        double[] ms = new double[calls];
        for (int i = 0; i < warmupCalls + calls; i++) {
            // A different real image each call, so no cache holds the answer.
            float[] image = images.image(i % images.size());
            List<float[]> one = List.of(image);
            long start = System.nanoTime();
            classifier.classify(one, image, 1);
            long end = System.nanoTime();
            if (i >= warmupCalls) ms[i - warmupCalls] = (end - start) / 1e6;
        }
        Dataset batch = images.head(batchSize);
        List<float[]> list = new ArrayList<>(batchSize);
        for (int i = 0; i < batchSize; i++) list.add(batch.image(i));
        classifier.classify(list, batch.pixels(), batchSize); // warm-up: buffers of the batch's size
        double[] seconds = new double[batchRepeats];
        for (int r = 0; r < batchRepeats; r++) {
            long start = System.nanoTime();
            classifier.classify(list, batch.pixels(), batchSize);
            seconds[r] = (System.nanoTime() - start) / 1e9;
        }
        double median = Stats.median(seconds);
        return new Result(source, path, warmupCalls, calls, Latency.of(ms), batchSize, batchRepeats, median, batchSize / median);
    }

    /** Loads {@code dir} and measures it through {@link DigitRecognizer}. */
    public static Result measure(Path dir, Dataset images, int warmupCalls, int calls, int batchSize, int batchRepeats) {
        try (DigitRecognizer recognizer = DigitRecognizer.load(dir)) {
            return measure(recognizer, dir.toString(), images, warmupCalls, calls, batchSize, batchRepeats);
        }
    }
}
