package digits.api;

import digits.data.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The classifiers that read a touching pair of digits as a whole, without cutting it: they see the pair as one
 * candidate ({@link PairData#input}); one names its left digit, one its right digit, and one says whether the candidate
 * is a pair at all (label 1) or one digit (label 0). A pair "ab" has probability {@code left(a) * right(b)}.
 * {@link NumberReader} lets a candidate be read this way, competing with the readings that cut it (docs/numbers.md).
 *
 * <p>A pair-model directory holds the three model directories {@value #LEFT}, {@value #RIGHT} and {@value #WHICH},
 * each written by {@code digits train --input} on the IDX files that {@code digits pairs} makes from MNIST training
 * digits.
 */
public final class PairModels implements AutoCloseable {
    /** The sub-directory of the model that names the left digit. */
    public static final String LEFT = "left";
    /** The sub-directory of the model that names the right digit. */
    public static final String RIGHT = "right";
    /** The sub-directory of the model that tells a pair (label 1) from one digit (label 0). */
    public static final String WHICH = "which";

    private final DigitClassifier left;
    private final DigitClassifier right;
    private final DigitClassifier which;

    /** Three classifiers of pair candidates; closing the pair models closes them. */
    public PairModels(DigitClassifier left, DigitClassifier right, DigitClassifier which) {
        this.left = Objects.requireNonNull(left, "left");
        this.right = Objects.requireNonNull(right, "right");
        this.which = Objects.requireNonNull(which, "which");
    }

    /** The probability that a candidate is two digits, from the {@value #WHICH} model's answer. */
    static double pairProbability(Prediction which) {
        float[] p = which.probabilities();
        return p[1] / Math.max(1e-9, p[0] + p[1]);
    }

    /** Refuses, with one line naming it, a {@code dir} that is not a directory holding the three model directories. */
    public static void check(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(dir + (Files.exists(dir) ? ": not a directory (a pair-model directory holds "
                    + LEFT + "/, " + RIGHT + "/ and " + WHICH + "/)" : ": no such pair-model directory"));
        }
        for (String side : List.of(LEFT, RIGHT, WHICH)) {
            if (!Files.isDirectory(dir.resolve(side))) {
                throw new InvalidInputException(dir + ": not a pair-model directory (no " + side + "/ model directory in it; "
                        + "see docs/numbers.md)");
            }
        }
    }

    /**
     * The models in {@code dir}/{@value #LEFT}, {@value #RIGHT} and {@value #WHICH}; a missing directory, or a model
     * directory that does not load, is refused with one line naming it.
     */
    public static PairModels load(Path dir) {
        check(dir);
        List<DigitRecognizer> loaded = new ArrayList<>();
        try {
            for (String side : List.of(LEFT, RIGHT, WHICH)) loaded.add(DigitRecognizer.load(dir.resolve(side)));
            return new PairModels(loaded.get(0), loaded.get(1), loaded.get(2));
        } catch (RuntimeException e) {
            loaded.forEach(DigitRecognizer::close);
            throw e;
        }
    }

    /** The left digit, the right digit and pair-or-not of each pair candidate (784 model inputs each), in order. */
    List<Prediction[]> predictBatch(List<float[]> inputs) {
        List<Prediction> l = left.predictBatch(inputs);
        List<Prediction> r = right.predictBatch(inputs);
        List<Prediction> w = which.predictBatch(inputs);
        return IntStream.range(0, inputs.size()).mapToObj(i -> new Prediction[]{l.get(i), r.get(i), w.get(i)}).toList();
    }

    /** The three models' ids, e.g. {@code quick-cnn@1a2b3c4d5e6f+quick-cnn@0f1e2d3c4b5a+quick-cnn@2b3c4d5e6f70}. */
    public String modelId() {
        return left.modelId() + "+" + right.modelId() + "+" + which.modelId();
    }

    @Override
    public void close() {
        try {
            left.close();
        } finally {
            try {
                right.close();
            } finally {
                which.close();
            }
        }
    }
}
