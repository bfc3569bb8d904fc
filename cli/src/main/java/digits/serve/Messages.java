package digits.serve;

/** Keeps error messages built from client input to one short line. */
public final class Messages {
    static final int MAX_LENGTH = 80;

    private Messages() {}

    public static String abbreviate(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 3) + "...";
    }

    /** The first line of a (library's) message, abbreviated. */
    public static String firstLine(String message) {
        if (message == null) return "malformed";
        int newline = message.indexOf('\n');
        return abbreviate(newline < 0 ? message : message.substring(0, newline));
    }
}
