package digits.train;

/**
 * A training setting with a value that can't be used. The message names the setting by its key
 * ({@code epochs must be at least 1, got 0}); a command line can name it as its flag instead ({@link #problem()}).
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private final String key;
    private final String problem;
    private final boolean namesItself;

    public InvalidSettingException(String key, String problem) {
        this(key, problem, false);
    }

    /** @param namesItself the problem already names what it is about ({@code unknown monitor 'x'; valid: ...}) */
    InvalidSettingException(String key, String problem, boolean namesItself) {
        super(namesItself ? problem : key + " " + problem);
        this.key = key;
        this.problem = problem;
        this.namesItself = namesItself;
    }

    /** The setting's key ({@code batch-size}). */
    public String key() {
        return key;
    }

    /** What is wrong, without the setting's name ({@code must be at least 1, got 0}). */
    public String problem() {
        return problem;
    }

    /** The message with the setting called {@code name} ({@code --batch-size must be at least 1, got 0}). */
    public String messageNaming(String name) {
        return namesItself ? problem : name + " " + problem;
    }
}
