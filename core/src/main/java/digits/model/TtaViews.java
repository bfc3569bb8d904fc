package digits.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import digits.data.augment.Transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The copies of an image that test-time augmentation averages with it: the first {@code shifts} one-pixel shifts
 * (right, left, down, up, then the diagonals), and for each angle in {@code rotations} the image turned by +angle and
 * -angle degrees, and for each fraction in {@code zooms} the image magnified by 1-f and 1+f. All are small next to the
 * training augmentation (10 degrees, 10%), so every copy still looks like the digit.
 */
public record TtaViews(int shifts, List<Double> rotations, List<Double> zooms) {
    public static final int MAX_SHIFTS = 8;
    /** Beyond this an upright digit turns into another shape (a 1 into a 7, a 6 into a 0). */
    public static final double MAX_ROTATION = 30;
    public static final double MAX_ZOOM = 0.5;
    public static final TtaViews NONE = new TtaViews(0, List.of(), List.of());
    /** One-pixel shifts only (the views before rotations and zooms were offered). */
    public static final TtaViews SHIFTS = shifts(MAX_SHIFTS);
    /** Turns (degrees) and zooms that test-time augmentation adds by default for models trained with augmentation. */
    public static final List<Double> DEFAULT_ROTATIONS = List.of(3.0, 6.0);
    public static final List<Double> DEFAULT_ZOOMS = List.of(0.05, 0.1);
    /**
     * What test-time augmentation averages over by default for a model trained with augmentation: 8 shifts, turns of 3 and 6 degrees, zooms
     * of 5% and 10% (17 views with the image). A model that never saw turned or magnified digits in training is less
     * sure of them, so it gets the shifts alone (see docs/ensembles.md for both measured).
     */
    public static final TtaViews DEFAULT = new TtaViews(MAX_SHIFTS, DEFAULT_ROTATIONS, DEFAULT_ZOOMS);

    public TtaViews {
        if (shifts < 0 || shifts > MAX_SHIFTS) {
            throw new IllegalArgumentException("test-time augmentation takes 0 to " + MAX_SHIFTS + " shifts, got " + shifts);
        }
        rotations = List.copyOf(rotations);
        zooms = List.copyOf(zooms);
        for (double r : rotations) {
            if (!(r > 0 && r <= MAX_ROTATION)) {
                throw new IllegalArgumentException("test-time rotations must be above 0 and at most " + fmt(MAX_ROTATION)
                        + " degrees, got " + fmt(r));
            }
        }
        for (double z : zooms) {
            if (!(z > 0 && z <= MAX_ZOOM)) {
                throw new IllegalArgumentException("test-time zooms must be above 0 and at most " + fmt(MAX_ZOOM) + ", got " + fmt(z));
            }
        }
    }

    public static TtaViews shifts(int shifts) {
        return new TtaViews(shifts, List.of(), List.of());
    }

    /** Copies averaged with each image (0: no test-time augmentation). */
    public int copies() {
        return shifts + 2 * rotations.size() + 2 * zooms.size();
    }

    @JsonIgnore // a property of the others, not one of its own in JSON
    public boolean isNone() {
        return copies() == 0;
    }

    /** The copies other than the shifts, as transforms: +r and -r for each rotation, then 1-z and 1+z for each zoom. */
    List<Transform> warps() {
        List<Transform> warps = new ArrayList<>();
        for (double r : rotations) {
            warps.add(new Transform(r, 1, 1, 0, 0));
            warps.add(new Transform(-r, 1, 1, 0, 0));
        }
        for (double z : zooms) {
            warps.add(new Transform(0, 1 - z, 1 - z, 0, 0));
            warps.add(new Transform(0, 1 + z, 1 + z, 0, 0));
        }
        return warps;
    }

    /** Short form for model ids: {@code tta8}, {@code tta8r3,6z0.05,0.1}. */
    public String label() {
        return "tta" + shifts + (rotations.isEmpty() ? "" : "r" + join(rotations)) + (zooms.isEmpty() ? "" : "z" + join(zooms));
    }

    /** For people: "8 one-pixel shifts, rotations of ±3 and ±6 degrees, zooms of ±0.05 and ±0.1". */
    public String describe() {
        if (isNone()) return "none";
        List<String> parts = new ArrayList<>();
        if (shifts > 0) parts.add(shifts + " one-pixel shift" + (shifts == 1 ? "" : "s"));
        if (!rotations.isEmpty()) parts.add("rotations of " + plusMinus(rotations) + " degrees");
        if (!zooms.isEmpty()) parts.add("zooms of " + plusMinus(zooms));
        return String.join(", ", parts);
    }

    private static String plusMinus(List<Double> values) {
        return values.stream().map(v -> "±" + fmt(v)).collect(Collectors.joining(" and "));
    }

    private static String join(List<Double> values) {
        return values.stream().map(TtaViews::fmt).collect(Collectors.joining(","));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
