package digits.eval;

/** Column alignment for the plain-text tables printed on the console. */
public final class Text {
    private Text() {}

    /** {@code s} right-aligned in {@code width} columns, as Python's {@code '{:>width}'} pads it. */
    public static String right(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
