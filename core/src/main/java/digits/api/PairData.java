package digits.api;

import digits.data.Dataset;
import digits.data.IdxWriter;
import digits.data.ImageBudget;
import digits.data.SyntheticNumbers;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Training data for {@link PairModels}: touching pairs made by {@link SyntheticNumbers} from MNIST <b>training</b>
 * digits (the same writing, placement and distortions as the touching test numbers), each normalised to 28x28 as the
 * reader normalises a candidate for the pair models (fitted to 28x20), labelled once with its left digit and once with
 * its right digit; and, for the model that tells a pair from one digit, single digits made the same way. Those single
 * digits, normalised as the reader normalises a candidate digit and labelled with their digit, also teach a digit
 * model the reader's digits (the test numbers' slants, scales and thinned strokes): {@code digits train --add}.
 */
public final class PairData {
    /** The IDX files {@link #write} makes; {@code digits train --input} finds each labels file from its images file. */
    public static final String LEFT_IMAGES = "left-images-idx3-ubyte.gz";
    public static final String LEFT_LABELS = "left-labels-idx1-ubyte.gz";
    public static final String RIGHT_IMAGES = "right-images-idx3-ubyte.gz";
    public static final String RIGHT_LABELS = "right-labels-idx1-ubyte.gz";
    public static final String WHICH_IMAGES = "which-images-idx3-ubyte.gz";
    public static final String WHICH_LABELS = "which-labels-idx1-ubyte.gz";
    public static final String SINGLES_IMAGES = "singles-images-idx3-ubyte.gz";
    public static final String SINGLES_LABELS = "singles-labels-idx1-ubyte.gz";

    private PairData() {}

    /**
     * The same pair images twice, labelled with their left digits and with their right digits; and those pairs with as
     * many single digits (1-digit numbers of the same seeds), labelled 1 for a pair and 0 for one digit; and those single
     * digits normalised as the reader normalises a candidate digit, labelled with their digit.
     */
    public record Pairs(Dataset left, Dataset right, Dataset which, Dataset singles) {}

    /** The pair models' input for a picture of one touching pair (or one digit): its ink normalised as one candidate. */
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
        // The pairs, the single digits twice (as pair input and as digit input), and pairs and singles together.
        long bytes = 5L * count * Dataset.PIXELS * Float.BYTES;
        ImageBudget.require(bytes, String.format(Locale.ROOT, "%,d pairs", count));
        SyntheticNumbers numbers = SyntheticNumbers.fromMnistTraining();
        float[] pixels = new float[count * Dataset.PIXELS];
        float[] singles = new float[count * Dataset.PIXELS];
        float[] singleDigits = new float[count * Dataset.PIXELS];
        int[] singleLabels = new int[count];
        int[] left = new int[count];
        int[] right = new int[count];
        MadeCount made = new MadeCount(count, progress);
        IntStream.range(0, count).parallel().forEach(i -> {
            SyntheticNumbers.Number pair = numbers.generate(firstSeed + i, 2, SyntheticNumbers.Kind.TOUCHING);
            System.arraycopy(input(pair.image()), 0, pixels, i * Dataset.PIXELS, Dataset.PIXELS);
            left[i] = pair.digits().charAt(0) - '0';
            right[i] = pair.digits().charAt(1) - '0';
            SyntheticNumbers.Number single = numbers.generate(firstSeed + i, 1, SyntheticNumbers.Kind.SEPARATED);
            NumberReader.Candidate whole = NumberReader.wholeCandidate(single.image(), "digit");
            System.arraycopy(whole.pairPixels(), 0, singles, i * Dataset.PIXELS, Dataset.PIXELS);
            System.arraycopy(whole.pixels, 0, singleDigits, i * Dataset.PIXELS, Dataset.PIXELS);
            singleLabels[i] = single.digits().charAt(0) - '0';
            made.add();
        });
        float[] both = new float[2 * pixels.length];
        int[] which = new int[2 * count];
        for (int i = 0; i < count; i++) {
            // pair, single, pair, single...: any head of the file (--limit) holds both
            System.arraycopy(pixels, i * Dataset.PIXELS, both, 2 * i * Dataset.PIXELS, Dataset.PIXELS);
            System.arraycopy(singles, i * Dataset.PIXELS, both, (2 * i + 1) * Dataset.PIXELS, Dataset.PIXELS);
            which[2 * i] = 1;
        }
        return new Pairs(new Dataset("pairs-left", pixels, left), new Dataset("pairs-right", pixels, right),
                new Dataset("pair-or-digit", both, which), new Dataset("number-singles", singleDigits, singleLabels));
    }

    /** Writes the eight IDX files into {@code dir} (atomically, each pair of images and labels); returns their paths. */
    public static List<Path> write(Pairs pairs, Path dir) {
        Dataset[] sets = {pairs.left(), pairs.right(), pairs.which(), pairs.singles()};
        String[][] files = {{LEFT_IMAGES, LEFT_LABELS}, {RIGHT_IMAGES, RIGHT_LABELS}, {WHICH_IMAGES, WHICH_LABELS},
                {SINGLES_IMAGES, SINGLES_LABELS}};
        List<Path> written = new ArrayList<>();
        for (int k = 0; k < sets.length; k++) {
            IdxWriter.write(sets[k], dir.resolve(files[k][0]), dir.resolve(files[k][1]));
            written.add(dir.resolve(files[k][0]));
            written.add(dir.resolve(files[k][1]));
        }
        return written;
    }
}
