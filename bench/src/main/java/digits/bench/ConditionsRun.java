package digits.bench;

import digits.api.DigitRecognizer;
import digits.api.ImagePreprocessor;
import digits.api.Prediction;
import digits.api.Preprocessing;
import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.render.Condition;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The accuracy of a model on MNIST test digits turned into real-world conditions ({@link Condition}): photos go through
 * the image preprocessor in each {@link Preprocessing} mode; clean and low-resolution digits also straight to the
 * model as pixels.
 */
public final class ConditionsRun {
    /** The test digits the preprocessing parameters were chosen on, and the ones the accuracy is reported on. */
    public static final String TUNE_DIGITS = "0-4999";
    public static final String REPORT_DIGITS = "5000-9999";

    private ConditionsRun() {}

    /** "5000-9999" as {from, to exclusive}. */
    public static int[] range(String digits) {
        String[] parts = digits.trim().split("-");
        try {
            if (parts.length == 2) {
                int from = Integer.parseInt(parts[0].trim()), last = Integer.parseInt(parts[1].trim());
                if (from >= 0 && last >= from) return new int[]{from, last + 1};
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--condition-digits: expected FROM-TO test digit numbers such as "
                + REPORT_DIGITS + ", got '" + digits + "'");
    }

    /**
     * One condition's accuracies.
     *
     * @param direct        pixels straight to the model (clean and low-res; null for photos)
     * @param autoChosePhoto the fraction of pictures {@link Preprocessing#AUTO} cleaned as photos
     */
    public record Row(String condition, String description, int images, Double direct, Double mnist, Double photo,
                      Double auto, Double autoChosePhoto) {}

    public record Result(String model, String digits, long seed, List<Row> rows, double seconds) {}

    /** Runs the conditions on test digits {@code from} (inclusive) to {@code to} (exclusive). */
    public static Result run(DigitRecognizer recognizer, Dataset test, int from, int to, long seed, List<Condition> conditions,
                             Consumer<String> progress) {
        if (from < 0 || to > test.size() || from >= to) {
            throw new IllegalArgumentException("test digits " + from + "-" + (to - 1) + " are not within 0-" + (test.size() - 1));
        }
        long start = System.nanoTime();
        int[] labels = IntStream.range(from, to).map(test::label).toArray();
        List<Row> rows = new ArrayList<>();
        for (Condition c : conditions) {
            List<BufferedImage> pictures = IntStream.range(from, to).parallel().mapToObj(i -> c.picture(test, i, seed)).toList();
            List<float[]> mnist = preprocess(pictures, Preprocessing.MNIST);
            List<float[]> photo = preprocess(pictures, Preprocessing.PHOTO);
            // AUTO is MNIST or PHOTO picture by picture: the same result as preprocessing a third time.
            boolean[] chosePhoto = new boolean[pictures.size()];
            IntStream.range(0, pictures.size()).parallel().forEach(i -> chosePhoto[i] = ImagePreprocessor.looksLikePhoto(pictures.get(i)));
            List<float[]> auto = IntStream.range(0, pictures.size()).mapToObj(i -> chosePhoto[i] ? photo.get(i) : mnist.get(i)).toList();
            int photos = 0;
            for (boolean b : chosePhoto) if (b) photos++;
            Double direct = c.isPhoto() ? null
                    : accuracy(recognizer, IntStream.range(from, to).mapToObj(i -> c.pixels(test, i)).toList(), labels);
            Row row = new Row(c.key(), c.description(), labels.length, direct, accuracy(recognizer, mnist, labels),
                    accuracy(recognizer, photo, labels), accuracy(recognizer, auto, labels), photos / (double) labels.length);
            rows.add(row);
            progress.accept(BenchTables.conditionsRow(row));
        }
        return new Result(recognizer.modelId(), from + "-" + (to - 1), seed, rows, (System.nanoTime() - start) / 1e9);
    }

    /** The preprocessed pictures; null for one the preprocessor refuses (no digit found), which counts as a miss. */
    private static List<float[]> preprocess(List<BufferedImage> pictures, Preprocessing mode) {
        ImagePreprocessor preprocessor = new ImagePreprocessor().withMode(mode);
        return pictures.stream().parallel().map(p -> {
            try {
                return preprocessor.preprocess(p);
            } catch (InvalidInputException e) {
                return null;
            }
        }).toList();
    }

    private static double accuracy(DigitRecognizer recognizer, List<float[]> images, int[] labels) {
        List<Integer> read = IntStream.range(0, labels.length).filter(i -> images.get(i) != null).boxed().toList();
        List<Prediction> predictions = recognizer.predictBatch(read.stream().map(images::get).toList());
        int right = 0;
        for (int k = 0; k < read.size(); k++) if (predictions.get(k).label() == labels[read.get(k)]) right++;
        return right / (double) labels.length;
    }
}
