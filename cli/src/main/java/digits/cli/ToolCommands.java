package digits.cli;

import java.util.List;

/**
 * Commands that another module adds to the {@code digits} tool (the bench module's {@code bench} and
 * {@code bench-serve}): listed in {@code META-INF/services/digits.cli.ToolCommands}, found on the class path at start.
 */
public interface ToolCommands {
    /** New instances of picocli {@code @Command} classes. */
    List<Object> commands();
}
