package digits.api;

import digits.data.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The two classifiers that read a touching pair of digits as a whole, without cutting it: both see the pair as one
 * candidate (normalised like any candidate digit, {@link PairData#input}); one names its left digit, the other its
 * right digit. A pair "ab" has probability {@code left(a) * right(b)}. {@link NumberReader} lets a candidate as wide as
 * a pair be read this way, competing with the readings that cut it (docs/numbers.md).
 *
 * <p>A pair-model directory holds the two model directories {@value #LEFT} and {@value #RIGHT}, each written by
 * {@code digits train --input} on the IDX files that {@code digits pairs} makes from MNIST training digits.
 */
public final class PairModels implements AutoCloseable {
    /** The sub-directory of the model that names the left digit. */
    public static final String LEFT = "left";
    /** The sub-directory of the model that names the right digit. */
    public static final String RIGHT = "right";

    private final DigitClassifier left;
    private final DigitClassifier right;

    /** Two classifiers of pair candidates; closing the pair models closes them. */
    public PairModels(DigitClassifier left, DigitClassifier right) {
        this.left = Objects.requireNonNull(left, "left");
        this.right = Objects.requireNonNull(right, "right");
    }

    /**
     * The models in {@code dir}/{@value #LEFT} and {@code dir}/{@value #RIGHT}; a missing directory, or a model directory
     * that does not load, is refused with one line naming it.
     */
    public static PairModels load(Path dir) {
        if (!Files.isDirectory(dir)) throw new InvalidInputException(dir + ": no such pair-model directory");
        for (String side : List.of(LEFT, RIGHT)) {
            if (!Files.isDirectory(dir.resolve(side))) {
                throw new InvalidInputException(dir + ": not a pair-model directory (no " + side + "/ model directory in it; "
                        + "see docs/numbers.md)");
            }
        }
        DigitRecognizer left = DigitRecognizer.load(dir.resolve(LEFT));
        try {
            return new PairModels(left, DigitRecognizer.load(dir.resolve(RIGHT)));
        } catch (RuntimeException e) {
            left.close();
            throw e;
        }
    }

    /** The left and the right digit of each pair candidate (784 model inputs each), in order. */
    List<Prediction[]> predictBatch(List<float[]> inputs) {
        List<Prediction> l = left.predictBatch(inputs);
        List<Prediction> r = right.predictBatch(inputs);
        return IntStream.range(0, inputs.size()).mapToObj(i -> new Prediction[]{l.get(i), r.get(i)}).toList();
    }

    /** The two models' ids, e.g. {@code quick-cnn@1a2b3c4d5e6f+quick-cnn@0f1e2d3c4b5a}. */
    public String modelId() {
        return left.modelId() + "+" + right.modelId();
    }

    @Override
    public void close() {
        try {
            left.close();
        } finally {
            right.close();
        }
    }
}
