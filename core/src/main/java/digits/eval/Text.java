package digits.eval;

/** Plain-text layout for the console: column alignment for tables, hanging indents for help lists. */
public final class Text {
    private Text() {}

    /** {@code s} right-aligned in {@code width} columns, as Python's {@code '{:>width}'} pads it. */
    public static String right(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /**
     * A help-list entry: {@code term}, then {@code text} from column {@code column} on, word-wrapped so no line is longer
     * than {@code width} (a word longer than that stays whole); continuation lines are indented to {@code column}, and a
     * term too long for its column gets a line of its own. Ends with a line break.
     */
    public static String hanging(String term, String text, int column, int width) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(term);
        if (term.length() + 1 > column) {
            out.append(term).append('\n');
            line.setLength(0);
        }
        boolean empty = true;
        for (String word : text.trim().split("\\s+")) {
            if (!empty && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line.setLength(0);
                empty = true;
            }
            if (empty) {
                line.append(" ".repeat(column - line.length())).append(word);
                empty = false;
            } else {
                line.append(' ').append(word);
            }
        }
        return out.append(line).append('\n').toString();
    }
}
