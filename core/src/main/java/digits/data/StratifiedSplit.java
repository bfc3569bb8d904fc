package digits.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A seeded, stratified train/validation split, like scikit-learn's
 * {@code train_test_split(X, y, test_size=f, stratify=y, random_state=seed)}.
 *
 * <p>The validation set holds {@code round(size * fraction)} images; each class contributes
 * {@code floor(count * fraction)} or one more (largest remainders first), so every class's share is kept to within
 * one image. Which images go where is decided by a {@link Random} with the given seed, so the same seed gives the
 * same split on every machine. Both parts keep the original order of the images.
 *
 * @param train      the images not held out
 * @param validation the held-out images; empty (size 0, never null) for a fraction of 0
 */
public record StratifiedSplit(Dataset train, Dataset validation) {

    public static StratifiedSplit split(Dataset data, double validationFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
        }
        if (!data.hasLabels()) {
            throw new IllegalArgumentException(data.name() + " has no labels; a stratified split needs them");
        }
        String validationName = data.name() + " (validation)";
        if (validationFraction == 0) {
            return new StratifiedSplit(data, new Dataset(validationName, new float[0], new int[0]));
        }
        int[] perClass = validationCounts(data.labelCounts(), data.size(), validationFraction);
        int held = Arrays.stream(perClass).sum();
        if (held == data.size()) {
            throw new IllegalArgumentException("validation fraction " + validationFraction + " of " + data.size()
                    + " images leaves no training images");
        }
        boolean[] inValidation = new boolean[data.size()];
        Random random = new Random(seed);
        List<int[]> byClass = indicesByClass(data);
        for (int c = 0; c < Dataset.CLASSES; c++) {
            int[] indices = byClass.get(c);
            shuffle(indices, random);
            for (int i = 0; i < perClass[c]; i++) inValidation[indices[i]] = true;
        }
        int[] trainIndices = new int[data.size() - held];
        int[] validationIndices = new int[held];
        for (int i = 0, t = 0, v = 0; i < data.size(); i++) {
            if (inValidation[i]) validationIndices[v++] = i;
            else trainIndices[t++] = i;
        }
        return new StratifiedSplit(data.subset(trainIndices, data.name() + " (train)"),
                data.subset(validationIndices, validationName));
    }

    /** Validation images per class: floors of the exact shares, plus one for the largest remainders. */
    static int[] validationCounts(int[] classCounts, int total, double fraction) {
        int[] counts = new int[classCounts.length];
        double[] remainders = new double[classCounts.length];
        int assigned = 0;
        for (int c = 0; c < classCounts.length; c++) {
            double exact = classCounts[c] * fraction;
            counts[c] = (int) Math.floor(exact);
            remainders[c] = exact - counts[c];
            assigned += counts[c];
        }
        // At most one extra per class: the remainders (each below 1) sum to the rounded difference, up to float error.
        int extra = Math.max(0, Math.min(classCounts.length, (int) Math.round(total * fraction) - assigned));
        Integer[] order = new Integer[classCounts.length];
        for (int c = 0; c < order.length; c++) order[c] = c;
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -remainders[c]).thenComparingInt(c -> c));
        for (int i = 0; i < extra; i++) counts[order[i]]++;
        return counts;
    }

    private static List<int[]> indicesByClass(Dataset data) {
        int[] counts = data.labelCounts();
        List<int[]> byClass = new ArrayList<>();
        for (int count : counts) byClass.add(new int[count]);
        int[] filled = new int[Dataset.CLASSES];
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            byClass.get(label)[filled[label]++] = i;
        }
        return byClass;
    }

    /** Fisher-Yates, so the result depends only on the seed. */
    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
