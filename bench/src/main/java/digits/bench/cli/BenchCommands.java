package digits.bench.cli;

import digits.cli.ToolCommands;

import java.util.List;

/** Adds {@code digits bench} and {@code digits bench-serve} to the tool when this module is on the class path. */
public final class BenchCommands implements ToolCommands {
    @Override
    public List<Object> commands() {
        return List.of(new BenchCommand(), new BenchServeCommand());
    }
}
