package digits.api;

import digits.data.Dataset;
import digits.data.IdxWriter;
import digits.data.SyntheticNumbers;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Training data for {@link PairModels}: touching pairs made by {@link SyntheticNumbers} from MNIST <b>training</b>
 * digits (the same writing, placement and distortions as the touching test numbers), each normalised to 28x28 as the
 * reader normalises a candidate as wide as a pair, labelled once with its left digit and once with its right digit.
 */
public final class PairData {
    /** The IDX files {@link #write} makes; {@code digits train --input} finds each labels file from its images file. */
    public static final String LEFT_IMAGES = "left-images-idx3-ubyte.gz";
    public static final String LEFT_LABELS = "left-labels-idx1-ubyte.gz";
    public static final String RIGHT_IMAGES = "right-images-idx3-ubyte.gz";
    public static final String RIGHT_LABELS = "right-labels-idx1-ubyte.gz";

    private PairData() {}

    /** The same images twice: labelled with their left digits, and with their right digits. */
    public record Pairs(Dataset left, Dataset right) {}

    /** The model input of a picture of one touching pair: its ink normalised as one candidate. */
    public static float[] input(BufferedImage pair) {
        return NumberReader.wholeInput(pair, "pair");
    }

    /**
     * {@code count} touching pairs, the 2-digit touching numbers of seeds {@code firstSeed, firstSeed+1, ...} made from
     * MNIST training digits (on every core; the same pairs whatever the cores); {@code progress} hears how many are made,
     * every thousand, one call at a time.
     */
    public static Pairs make(int count, long firstSeed, IntConsumer progress) {
        if (count < 1) throw new IllegalArgumentException("at least one pair, got " + count);
        SyntheticNumbers numbers = SyntheticNumbers.fromMnistTraining();
        float[] pixels = new float[count * Dataset.PIXELS];
        int[] left = new int[count];
        int[] right = new int[count];
        AtomicInteger made = new AtomicInteger();
        IntStream.range(0, count).parallel().forEach(i -> {
            SyntheticNumbers.Number pair = numbers.generate(firstSeed + i, 2, SyntheticNumbers.Kind.TOUCHING);
            System.arraycopy(input(pair.image()), 0, pixels, i * Dataset.PIXELS, Dataset.PIXELS);
            left[i] = pair.digits().charAt(0) - '0';
            right[i] = pair.digits().charAt(1) - '0';
            int done = made.incrementAndGet();
            if (done % 1000 == 0 || done == count) {
                synchronized (made) {
                    progress.accept(done);
                }
            }
        });
        return new Pairs(new Dataset("pairs-left", pixels, left), new Dataset("pairs-right", pixels, right));
    }

    /** Writes the four IDX files into {@code dir} (atomically, each). */
    public static void write(Pairs pairs, Path dir) {
        IdxWriter.write(pairs.left(), dir.resolve(LEFT_IMAGES), dir.resolve(LEFT_LABELS));
        IdxWriter.write(pairs.right(), dir.resolve(RIGHT_IMAGES), dir.resolve(RIGHT_LABELS));
    }
}
