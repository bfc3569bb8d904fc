package digits.data.augment;

import java.util.Locale;

/**
 * The ranges random augmentation draws from, with Keras {@code ImageDataGenerator} meaning: each image gets a
 * rotation uniform in {@code ±rotation} degrees, a magnification uniform in {@code [1-zoom, 1+zoom]} drawn
 * independently for x and y (as Keras draws zx and zy), and a shift uniform in {@code ±widthShift * 28} pixels
 * horizontally and {@code ±heightShift * 28} vertically. Never flips: a mirrored digit is a different symbol.
 *
 * <p>One difference from Keras: here a zoom factor above 1 enlarges the digit, where Keras' factor scales the
 * sampling grid (above 1 shrinks). With a symmetric range the two draw nearly the same distribution.
 *
 * @param rotation    maximum rotation in degrees, 0-180
 * @param zoom        maximum relative magnification change per axis, in [0, 1)
 * @param widthShift  maximum horizontal shift as a fraction of the 28-pixel width, in [0, 1)
 * @param heightShift maximum vertical shift as a fraction of the 28-pixel height, in [0, 1)
 * @param elastic     maximum displacement, in pixels (0-8), of each point of a {@link Transform#bend() bend}: 0 for none
 */
public record AugmentOptions(double rotation, double zoom, double widthShift, double heightShift, double elastic) {

    /** No augmentation: every draw is the identity. */
    public static final AugmentOptions NONE = new AugmentOptions(0, 0, 0, 0, 0);
    /** The usual MNIST setting: ±10°, ±10% zoom, ±10% shift. */
    public static final AugmentOptions DEFAULTS = new AugmentOptions(10, 0.1, 0.1, 0.1, 0);
    /** Displacements beyond this tear strokes apart instead of bending them. */
    public static final double MAX_ELASTIC = 8;

    /** Help text for a CLI option taking {@link #parse} syntax. */
    public static final String HELP = """
            Random augmentation of training images: comma-separated items applied left to right, starting from
            the defaults (rotation=10,zoom=0.1,shift=0.1).
              default | none            reset to the defaults / to no augmentation
              rotation=DEGREES          rotate by up to ±DEGREES about the centre (0-180)
              zoom=F                    magnify each axis by a factor in [1-F, 1+F] (0 <= F < 1)
              shift=F                   shift by up to ±F*28 pixels in x and y (0 <= F < 1)
              width-shift=F, height-shift=F   the same, one axis only
              elastic=PIXELS            also bend strokes smoothly: points of a 4x4 grid over the digit move
                                        by up to ±PIXELS, in between interpolated (0-8; default 0)
            Examples: default; none,rotation=15; zoom=0.2,shift=0.05; default,elastic=1.5""";

    private static final String KEYS = "rotation, zoom, shift, width-shift, height-shift, elastic (or none, default)";

    /** Rotation, zoom and shift only (no elastic bend). */
    public AugmentOptions(double rotation, double zoom, double widthShift, double heightShift) {
        this(rotation, zoom, widthShift, heightShift, 0);
    }

    public AugmentOptions {
        check("rotation", rotation, 180, true);
        check("zoom", zoom, 1, false);
        check("width-shift", widthShift, 1, false);
        check("height-shift", heightShift, 1, false);
        check("elastic", elastic, MAX_ELASTIC, true);
    }

    /** True when {@code spec} (as {@link #parse} reads it) changes images: a model trained with it saw augmented digits. */
    public static boolean augments(String spec) {
        return !parse(spec).isIdentity();
    }

    /** True when every range is 0, so augmenting copies the image unchanged. */
    public boolean isIdentity() {
        return rotation == 0 && zoom == 0 && widthShift == 0 && heightShift == 0 && elastic == 0;
    }

    /**
     * @param spec e.g. {@code default}, {@code none}, {@code rotation=10,zoom=0.1,shift=0.1}, {@code none,rotation=15}
     * @throws IllegalArgumentException with a one-line message naming the spec and the bad item
     */
    public static AugmentOptions parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("augmentation '': empty; use default, none or KEY=VALUE items (" + KEYS + ")");
        }
        AugmentOptions o = DEFAULTS;
        for (String raw : spec.split(",", -1)) {
            String item = raw.trim();
            try {
                o = apply(o, item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("augmentation '" + spec.trim() + "': " + e.getMessage());
            }
        }
        return o;
    }

    private static AugmentOptions apply(AugmentOptions o, String item) {
        switch (item.toLowerCase(Locale.ROOT)) {
            case "default", "defaults", "on", "true" -> { return DEFAULTS; }
            case "none", "off", "false" -> { return NONE; }
            default -> { }
        }
        int eq = item.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException((item.isEmpty() ? "empty item" : "item '" + item + "'")
                    + " is not KEY=VALUE; keys: " + KEYS);
        }
        String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('_', '-');
        String text = item.substring(eq + 1).trim();
        return switch (key) {
            case "rotation" -> new AugmentOptions(number(key, text), o.zoom, o.widthShift, o.heightShift, o.elastic);
            case "zoom" -> new AugmentOptions(o.rotation, number(key, text), o.widthShift, o.heightShift, o.elastic);
            case "shift" -> new AugmentOptions(o.rotation, o.zoom, number(key, text), number(key, text), o.elastic);
            case "width-shift" -> new AugmentOptions(o.rotation, o.zoom, number(key, text), o.heightShift, o.elastic);
            case "height-shift" -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, number(key, text), o.elastic);
            case "elastic" -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, o.heightShift, number(key, text));
            default -> throw new IllegalArgumentException("unknown key '" + key + "'; valid: " + KEYS);
        };
    }

    private static double number(String key, String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + text + "'");
        }
        switch (key) {
            case "rotation" -> check(key, v, 180, true);
            case "elastic" -> check(key, v, MAX_ELASTIC, true);
            default -> check(key, v, 1, false);
        }
        return v;
    }

    private static void check(String name, double v, double limit, boolean inclusive) {
        boolean ok = v >= 0 && (inclusive ? v <= limit : v < limit);
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in [0, " + fmt(limit) + (inclusive ? "]" : ")")
                    + ", got " + fmt(v));
        }
    }

    /** The canonical spec, e.g. {@code rotation=10,zoom=0.1,width-shift=0.1,height-shift=0.1}, or {@code none}. */
    public String spec() {
        if (isIdentity()) return "none";
        String shifts = widthShift == heightShift ? "shift=" + fmt(widthShift)
                : "width-shift=" + fmt(widthShift) + ",height-shift=" + fmt(heightShift);
        return "rotation=" + fmt(rotation) + ",zoom=" + fmt(zoom) + "," + shifts + (elastic == 0 ? "" : ",elastic=" + fmt(elastic));
    }

    @Override
    public String toString() {
        return spec();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
