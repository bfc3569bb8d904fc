package digits.cli;

/**
 * Process exit codes of the {@code digits} command, so that a script can tell what happened without reading stderr.
 * Every failure also prints one line, {@code digits: error: ...} (an internal error adds a second line on how to see
 * the stack trace; an option-parsing error adds one naming the command's {@code --help}).
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>{@link #OK}: done</td></tr>
 *   <tr><td>1</td><td>{@link #FAILURE}: an internal error (a bug, or the engine failing)</td></tr>
 *   <tr><td>2</td><td>{@link #BAD_INPUT}: a malformed or missing input file, image or model directory; a bad option
 *       value; an unknown option or a missing parameter</td></tr>
 *   <tr><td>3</td><td>{@link #CANNOT_WRITE}: an output could not be written (its directory cannot be created, is not
 *       writable, the disk is full)</td></tr>
 *   <tr><td>4</td><td>{@link #TRAINING_DIVERGED}: the training loss became NaN or infinite (lower the learning
 *       rate)</td></tr>
 *   <tr><td>130</td><td>{@link #INTERRUPTED}: stopped with Ctrl-C</td></tr>
 * </table>
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected failure inside the tool (a bug, or the engine failing). */
    public static final int FAILURE = 1;
    /**
     * Bad input: a malformed, missing or unreadable data file, image or model directory; a bad option value; an unknown
     * option, a value of the wrong type or a missing parameter.
     */
    public static final int BAD_INPUT = 2;
    /** An output could not be written: a model directory, submission, report or picture ({@code digits.io.OutputException}). */
    public static final int CANNOT_WRITE = 3;
    /** The training diverged: its loss became NaN or infinite ({@code digits.train.TrainingDivergedException}). */
    public static final int TRAINING_DIVERGED = 4;
    /** Interrupted by the user (Ctrl-C); 128 + SIGINT as shells report it. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
