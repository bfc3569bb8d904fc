package digits.io;

/**
 * Text from files and file names made safe to print on a terminal: control characters (ESC, NUL, carriage return,
 * bidirectional overrides...) are shown as escapes, so a crafted name or cell can't move the cursor, recolour the
 * screen or hide part of a message.
 */
public final class Printable {
    private Printable() {}

    /** {@code text} with every control or format character written as {@code \n}, {@code \t} or {@code \xHH} / {@code \u2028}. */
    public static String escape(String text) {
        if (text == null) return "null";
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int type = Character.getType(c);
            boolean unsafe = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE && !validPair(text, i);
            if (!unsafe) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@link #escape escaped} and cut to at most {@code max} characters, for one short line naming untrusted text. */
    public static String shortened(String text, int max) {
        String safe = escape(text);
        return safe.length() <= max ? safe : safe.substring(0, max - 3) + "...";
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
