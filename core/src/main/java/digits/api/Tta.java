package digits.api;

import digits.model.TtaViews;

import java.util.List;

/**
 * Test-time augmentation: which slightly moved copies of each image a {@link DigitRecognizer} averages the
 * probabilities of, with the image's own. Small moves keep a digit what it is, while the model's mistakes on them
 * differ, so the average is right more often (at the cost of one forward pass per copy).
 *
 * @param shifts    one-pixel shifts, 0 to 8: right, left, down, up, then the diagonals (4: no diagonals)
 * @param rotations for each angle (degrees, above 0 and at most 30) the image turned by +angle and by -angle
 * @param zooms     for each fraction (above 0 and at most 0.5) the image magnified by 1-f and by 1+f
 */
public record Tta(int shifts, List<Double> rotations, List<Double> zooms) {
    public static final int MAX_SHIFTS = TtaViews.MAX_SHIFTS;
    /** No test-time augmentation: each image is predicted as it is. */
    public static final Tta NONE = new Tta(0, List.of(), List.of());
    /** The 8 one-pixel shifts: suits any model. */
    public static final Tta SHIFTS = shifts(MAX_SHIFTS);
    /**
     * 8 shifts, turns of ±3 and ±6 degrees and zooms of ±5% and ±10% (17 views with the image): for models trained with
     * augmentation. A model that never saw turned or magnified digits in training is less sure of them: use
     * {@link #SHIFTS} for it, or {@link #recommendedFor}.
     */
    public static final Tta DEFAULT = new Tta(TtaViews.DEFAULT.shifts(), TtaViews.DEFAULT.rotations(), TtaViews.DEFAULT.zooms());

    /** @throws IllegalArgumentException for a value out of range, naming the rule */
    public Tta {
        rotations = List.copyOf(rotations);
        zooms = List.copyOf(zooms);
        new TtaViews(shifts, rotations, zooms); // checks the ranges, with the same messages as the tool
    }

    /** The first {@code count} one-pixel shifts only (0-8). */
    public static Tta shifts(int count) {
        return new Tta(count, List.of(), List.of());
    }

    /**
     * What {@code digits predict --tta} uses: {@link #DEFAULT} when every model was trained with augmentation, else the
     * shifts alone ({@link #SHIFTS}).
     */
    public static Tta recommendedFor(List<ModelDescription> models) {
        boolean augmented = !models.isEmpty() && models.stream().allMatch(ModelDescription::trainedWithAugmentation);
        return augmented ? DEFAULT : SHIFTS;
    }

    /** Copies averaged with each image (0: no test-time augmentation). */
    public int copies() {
        return views().copies();
    }

    public boolean isNone() {
        return copies() == 0;
    }

    /** For people: "none", or e.g. "8 one-pixel shifts, rotations of ±3 and ±6 degrees, zooms of ±0.05 and ±0.1". */
    public String describe() {
        return views().describe();
    }

    TtaViews views() {
        return new TtaViews(shifts, rotations, zooms);
    }
}
