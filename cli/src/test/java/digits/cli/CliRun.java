package digits.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in this JVM as a user types it, capturing what it prints. */
public final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The exit code; {@link #out()} and {@link #err()} then hold this run's output only. */
    public int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }
}
