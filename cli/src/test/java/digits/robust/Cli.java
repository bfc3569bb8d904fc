package digits.robust;

import digits.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

/** One in-process run of the {@code digits} command: its exit code and everything it printed. */
record Cli(int exitCode, String out, String err) {
    static Cli run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] strings = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int code = Main.execute(strings, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    private static final java.util.regex.Pattern THROWABLE_NAME =
            java.util.regex.Pattern.compile("\\b(java|javax|ai|digits|com|org)\\.[\\w.]*(Exception|Error)\\b");

    /** Whether anything printed looks like a Java stack trace or names an exception class. */
    boolean showsStackTrace() {
        String all = out + err;
        return all.contains("\tat ") || THROWABLE_NAME.matcher(all).find();
    }
}
