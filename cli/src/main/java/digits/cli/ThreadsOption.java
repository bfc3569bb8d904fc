package digits.cli;

import digits.model.EngineSetup;
import picocli.CommandLine.Option;

/** {@code --threads}: the engine's CPU threads, one option shared by every command that runs a model. */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", description = "CPU threads for the engine (default: all cores).")
    Integer threads;

    /** More threads than this per core only make the engine's threads wait for each other. */
    static final int MAX_PER_CORE = 4;

    /** Sets the engine's thread count (before the engine starts) and returns it. */
    public int apply() {
        int count = count();
        int cores = Runtime.getRuntime().availableProcessors();
        if (count < 1 || count > MAX_PER_CORE * cores) {
            throw new IllegalArgumentException("--threads must be between 1 and " + MAX_PER_CORE * cores + " on this machine ("
                    + cores + " cores), got " + count);
        }
        EngineSetup.threads(count);
        return count;
    }

    /** The count asked for, or the default. */
    public int count() {
        return threads == null ? EngineSetup.defaultThreads() : threads;
    }

    /** Null when not given. */
    public Integer given() {
        return threads;
    }
}
