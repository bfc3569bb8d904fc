package digits.cli;

/** Process exit codes of the {@code digits} command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected failure inside the tool (a bug, or the engine failing). */
    public static final int FAILURE = 1;
    /** Bad input: a malformed data file, image, model directory, or a bad option value. */
    public static final int BAD_INPUT = 2;
    /** Interrupted by the user (Ctrl-C); 128 + SIGINT as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
