package digits.data.augment;

import digits.eval.Text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

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
 * @param bold        probability (0-1) that an image's strokes are also made one pixel {@link Transform#pen() bolder}, as a
 *                    marker writes: 0 for never
 * @param shear       maximum slant: x moves by a factor uniform in {@code ±shear} of the height above the centre (0-1)
 * @param thin        probability (0-1) that an image's strokes are also made about half a pixel {@link Transform#pen() finer}
 *                    on each side, as a fine pen writes: 0 for never
 * @param lowRes      probability (0-1) that an image is also blurred to {@link Transform#lowResSide() low resolution}, as
 *                    a small camera picture or a thumbnail gives a digit: 0 for never
 */
public record AugmentOptions(double rotation, double zoom, double widthShift, double heightShift, double elastic,
                             double bold, double thin, double lowRes, double shear) {

    /** No augmentation: every draw is the identity. */
    public static final AugmentOptions NONE = new AugmentOptions(0, 0, 0, 0, 0, 0, 0, 0, 0);
    /** The usual MNIST setting: ±10°, ±10% zoom, ±10% shift. */
    public static final AugmentOptions DEFAULTS = new AugmentOptions(10, 0.1, 0.1, 0.1, 0, 0, 0, 0, 0);
    /** Displacements beyond this tear strokes apart instead of bending them. */
    public static final double MAX_ELASTIC = 8;

    /**
     * The {@code KEY=VALUE} items of {@link #parse}: parsing, error messages and help are all made from this table, so a
     * new key needs a row here and nothing else.
     */
    private enum Key {
        ROTATION("rotation", "DEGREES", "rotate by up to ±DEGREES about the centre", "turn", 180, true,
                AugmentOptions::rotation, (o, v) -> new AugmentOptions(v, o.zoom, o.widthShift, o.heightShift, o.elastic, o.bold, o.thin, o.lowRes, o.shear)),
        ZOOM("zoom", "F", "magnify each axis by a factor in [1-F, 1+F]", "magnify by 1±F", 1, false,
                AugmentOptions::zoom, (o, v) -> new AugmentOptions(o.rotation, v, o.widthShift, o.heightShift, o.elastic, o.bold, o.thin, o.lowRes, o.shear)),
        SHIFT("shift", "F", "shift by up to ±F*28 pixels in x and y", "move by ±F*28 px", 1, false,
                AugmentOptions::widthShift, (o, v) -> new AugmentOptions(o.rotation, o.zoom, v, v, o.elastic, o.bold, o.thin, o.lowRes, o.shear)),
        WIDTH_SHIFT("width-shift", "F", "the same, in x only", "x only", 1, false,
                AugmentOptions::widthShift, (o, v) -> new AugmentOptions(o.rotation, o.zoom, v, o.heightShift, o.elastic, o.bold, o.thin, o.lowRes, o.shear)),
        HEIGHT_SHIFT("height-shift", "F", "the same, in y only", "y only", 1, false,
                AugmentOptions::heightShift, (o, v) -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, v, o.elastic, o.bold, o.thin, o.lowRes, o.shear)),
        ELASTIC("elastic", "PIXELS", "also bend strokes smoothly: points of a " + Transform.BEND_GRID + "x"
                + Transform.BEND_GRID + " grid over the digit move by up to ±PIXELS, in between interpolated",
                "bend strokes", MAX_ELASTIC, true,
                AugmentOptions::elastic, (o, v) -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, o.heightShift, v, o.bold, o.thin, o.lowRes, o.shear)),
        BOLD("bold", "P", "with probability P also make the strokes one pixel bolder (as a marker writes)", "bolder strokes", 1, true,
                AugmentOptions::bold, (o, v) -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, o.heightShift, o.elastic, v, o.thin, o.lowRes, o.shear)),
        THIN("thin", "P", "with probability P also make the strokes about half a pixel finer (a fine pen)", "finer strokes", 1, true,
                AugmentOptions::thin, (o, v) -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, o.heightShift, o.elastic, o.bold, v, o.lowRes, o.shear)),
        LOW_RES("low-res", "P", "with probability P also shrink to " + Transform.MIN_LOW_RES_SIDE + "-" + Transform.MAX_LOW_RES_SIDE
                + " pixels a side and enlarge back (a blurred thumbnail)",
                "blur to low resolution", 1, true,
                AugmentOptions::lowRes, (o, v) -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, o.heightShift, o.elastic, o.bold, o.thin, v, o.shear)),
        SHEAR("shear", "F", "slant by up to ±F pixels sideways per pixel of height, as handwriting leans", "slant", 1, true,
                AugmentOptions::shear, (o, v) -> new AugmentOptions(o.rotation, o.zoom, o.widthShift, o.heightShift, o.elastic, o.bold, o.thin, o.lowRes, v));

        final String key;
        /** What the value is, as help names it. */
        final String value;
        final String meaning;
        /** A few words for the one-line {@link #SUMMARY}. */
        final String brief;
        final double limit;
        /** Whether {@link #limit} itself is allowed. */
        final boolean inclusive;
        final ToDoubleFunction<AugmentOptions> get;
        final BiFunction<AugmentOptions, Double, AugmentOptions> with;

        Key(String key, String value, String meaning, String brief, double limit, boolean inclusive,
            ToDoubleFunction<AugmentOptions> get, BiFunction<AugmentOptions, Double, AugmentOptions> with) {
            this.key = key;
            this.value = value;
            this.meaning = meaning;
            this.brief = brief;
            this.limit = limit;
            this.inclusive = inclusive;
            this.get = get;
            this.with = with;
        }

        static Key of(String key) {
            for (Key k : values()) if (k.key.equals(key)) return k;
            return null;
        }

        String range() {
            return inclusive ? "0-" + fmt(limit) : "0 <= " + value + " < " + fmt(limit);
        }

        String defaultValue() {
            return fmt(get.applyAsDouble(DEFAULTS));
        }

        /** Whether {@code DEFAULTS.spec()} names this key, so a summary that shows the spec need not repeat it. */
        boolean inDefaultSpec() {
            return Arrays.stream(DEFAULTS.spec().split(",")).anyMatch(item -> item.startsWith(key + "="));
        }
    }

    /** The keys {@link #parse} accepts in {@code KEY=VALUE} items, in the order help lists them. */
    public static List<String> keys() {
        return Arrays.stream(Key.values()).map(k -> k.key).toList();
    }

    /** Keys for error messages: {@code rotation, zoom, ..., elastic (or none, default)}. */
    private static final String KEYS = String.join(", ", keys()) + " (or none, default)";

    /**
     * Help for a CLI option taking {@link #parse} syntax, one line, e.g. for {@code --augment}'s description:
     * {@code none, default (rotation=10,zoom=0.1,shift=0.1) or comma-separated items ...: rotation=DEGREES (turn), ...}.
     */
    public static final String SUMMARY = "none, default (" + DEFAULTS.spec() + ") or comma-separated items applied left "
            + "to right from the defaults: " + Arrays.stream(Key.values())
            .map(k -> k.key + "=" + k.value + " (" + k.brief + (k.inDefaultSpec() ? "" : "; default " + k.defaultValue()) + ")")
            .collect(Collectors.joining(", "));

    /** The examples that {@link #HELP} shows (each one parses: see the tests). */
    static final List<String> EXAMPLES = List.of("default", "none,rotation=15", "zoom=0.2,shift=0.05", "default,elastic=1.5",
            "default,low-res=0.3");

    /** Help for a CLI option taking {@link #parse} syntax, several lines: every key with its range and default. */
    public static final String HELP = help();

    private static String help() {
        int column = 26;
        StringBuilder help = new StringBuilder("""
                Random augmentation of training images: comma-separated items applied left to right, starting from
                the defaults (%s).
                """.formatted(DEFAULTS.spec()));
        help.append(Text.hanging("  default | none", "reset to the defaults / to no augmentation", column, 100));
        for (Key k : Key.values()) {
            help.append(Text.hanging("  " + k.key + "=" + k.value,
                    k.meaning + " (" + k.range() + "; default " + k.defaultValue() + ")", column, 100));
        }
        return help.append("Examples: ").append(String.join("; ", EXAMPLES)).toString();
    }

    /** Rotation, zoom and shift only (no elastic bend, other strokes, blur or slant). */
    public AugmentOptions(double rotation, double zoom, double widthShift, double heightShift) {
        this(rotation, zoom, widthShift, heightShift, 0, 0, 0, 0, 0);
    }

    /** Rotation, zoom, shift and bend (no other strokes, blur or slant). */
    public AugmentOptions(double rotation, double zoom, double widthShift, double heightShift, double elastic) {
        this(rotation, zoom, widthShift, heightShift, elastic, 0, 0, 0, 0);
    }

    public AugmentOptions {
        check("rotation", rotation, 180, true);
        check("zoom", zoom, 1, false);
        check("width-shift", widthShift, 1, false);
        check("height-shift", heightShift, 1, false);
        check("elastic", elastic, MAX_ELASTIC, true);
        check("bold", bold, 1, true);
        check("thin", thin, 1, true);
        check("low-res", lowRes, 1, true);
        check("shear", shear, 1, true);
    }

    /** True when {@code spec} (as {@link #parse} reads it) changes images: a model trained with it saw augmented digits. */
    public static boolean augments(String spec) {
        return !parse(spec).isIdentity();
    }

    /** True when every range is 0, so augmenting copies the image unchanged. */
    public boolean isIdentity() {
        return rotation == 0 && zoom == 0 && widthShift == 0 && heightShift == 0 && elastic == 0 && bold == 0 && thin == 0 && lowRes == 0 && shear == 0;
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
        String name = item.substring(0, eq).trim().toLowerCase(Locale.ROOT).replace('_', '-');
        Key key = Key.of(name);
        if (key == null) throw new IllegalArgumentException("unknown key '" + name + "'; valid: " + KEYS);
        return key.with.apply(o, number(key, item.substring(eq + 1).trim()));
    }

    private static double number(Key key, String text) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key.key + " must be a number, got '" + text + "'");
        }
        check(key.key, v, key.limit, key.inclusive);
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
        return "rotation=" + fmt(rotation) + ",zoom=" + fmt(zoom) + "," + shifts + (elastic == 0 ? "" : ",elastic=" + fmt(elastic))
                + (bold == 0 ? "" : ",bold=" + fmt(bold)) + (thin == 0 ? "" : ",thin=" + fmt(thin)) + (lowRes == 0 ? "" : ",low-res=" + fmt(lowRes))
                + (shear == 0 ? "" : ",shear=" + fmt(shear));
    }

    @Override
    public String toString() {
        return spec();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
