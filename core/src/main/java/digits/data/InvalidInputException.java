package digits.data;

/**
 * Input the tool refuses: a malformed file, an out-of-range value, a corrupt model.
 * The message is one line that names the file and the place (record, line, column) and the problem;
 * the CLI prints it as is and exits with {@code ExitCodes.BAD_INPUT}.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
