package digits.api;

import digits.data.Dataset;
import digits.data.IdxWriter;
import digits.data.ImageBudget;
import digits.data.InvalidInputException;
import digits.data.render.Condition;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Training digits for reading photos: MNIST <b>training</b> digits rendered as photos of paper (a photo
 * {@link Condition}: paper, ink, light, blur, noise, JPEG) and cleaned by the photo preprocessing
 * ({@link Preprocessing#PHOTO}), as {@code digits predict} cleans a photo. A model trained on them as well
 * ({@code digits train --add}) learns what the cleanup leaves of a photo, such as the loops a marker closed; the
 * benchmark's photo conditions are made the same way from test digits, never these.
 */
public final class PhotoData {
    /** The IDX files {@link #write} makes; {@code digits train --add} finds the labels file from the images file. */
    public static final String IMAGES = "photos-images-idx3-ubyte.gz";
    public static final String LABELS = "photos-labels-idx1-ubyte.gz";

    private PhotoData() {}

    /**
     * The cleaned photos, labelled as the digits they were made from, in the digits' order; {@code unreadable}
     * pictures in which the cleanup found no digit are left out.
     */
    public record Photos(Dataset digits, int unreadable) {}

    /**
     * Digits {@code 0..count-1} of {@code training}, each rendered in {@code condition} with {@code seed} and cleaned
     * (on every core; the same digits whatever the cores). {@code progress} hears how many are made, every thousand, one
     * call at a time.
     */
    public static Photos make(Dataset training, int count, Condition condition, long seed, IntConsumer progress) {
        if (!condition.isPhoto()) {
            throw new IllegalArgumentException("'" + condition.key() + "' is not a photo condition: use one of "
                    + Condition.photoKeys());
        }
        if (count < 1 || count > training.size()) {
            throw new IllegalArgumentException("the count must be between 1 and " + training.size() + " (the digits of "
                    + training.name() + "), got " + count);
        }
        long bytes = 2L * count * Dataset.PIXELS * Float.BYTES; // the photos, then the readable ones copied out
        ImageBudget.require(bytes, String.format(Locale.ROOT, "%,d photos", count));
        ImagePreprocessor cleanup = new ImagePreprocessor().withMode(Preprocessing.PHOTO);
        float[] pixels = new float[count * Dataset.PIXELS];
        boolean[] readable = new boolean[count];
        MadeCount made = new MadeCount(count, progress);
        IntStream.range(0, count).parallel().forEach(i -> {
            try {
                float[] digit = cleanup.preprocess(condition.picture(training, i, seed), "photo of digit " + i);
                System.arraycopy(digit, 0, pixels, i * Dataset.PIXELS, Dataset.PIXELS);
                readable[i] = true;
            } catch (InvalidInputException noDigitFound) {
                // rare (a faint digit lost in the paper): left out rather than trained on as a blank
            }
            made.add();
        });
        int kept = 0;
        for (boolean r : readable) if (r) kept++;
        float[] keptPixels = new float[kept * Dataset.PIXELS];
        int[] labels = new int[kept];
        for (int i = 0, k = 0; i < count; i++) {
            if (!readable[i]) continue;
            System.arraycopy(pixels, i * Dataset.PIXELS, keptPixels, k * Dataset.PIXELS, Dataset.PIXELS);
            labels[k++] = training.label(i);
        }
        return new Photos(new Dataset(condition.key() + "-photos", keptPixels, labels), count - kept);
    }

    /** Writes the two IDX files into {@code dir} (atomically, both or neither). */
    public static void write(Photos photos, Path dir) {
        IdxWriter.write(photos.digits(), dir.resolve(IMAGES), dir.resolve(LABELS));
    }
}
