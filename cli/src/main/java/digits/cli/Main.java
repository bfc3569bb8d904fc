package digits.cli;

import digits.data.InvalidInputException;
import digits.model.NativeLogFilter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ServiceLoader;

/** Entry point of the {@code digits} command line tool. */
@Command(name = "digits", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Handwritten-digit recognition: train, evaluate and use MNIST / Kaggle digit models.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                SummaryCommand.class,
                ScoreCommand.class,
                ServeCommand.class,
                ReportCommand.class,
                SweepCommand.class,
                DataCommand.class,
                ExportCsvCommand.class,
                EnsembleCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        NativeLogFilter.install(); // before the engine loads: PyTorch's warnings never reach the terminal
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool with the given streams and returns the exit code (used by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** Ends the command list when no other module added commands (the launcher builds the bench module on demand). */
    static final String WITHOUT_BENCH = "The bench module adds bench and bench-serve: `./digits bench --help` builds it.";

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        boolean extended = false;
        for (ToolCommands extension : ServiceLoader.load(ToolCommands.class)) {
            for (Object command : extension.commands()) cli.addSubcommand(command);
            extended = true;
        }
        if (!extended) cli.getCommandSpec().usageMessage().footerHeading("%n").footer(WITHOUT_BENCH);
        // Lists generated from core's tables, for ${bundle:generated.*} in any command's help (see GeneratedHelp).
        cli.setResourceBundle(new GeneratedHelp());
        cli.setExecutionExceptionHandler(Main::handleException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** One line on stderr, never a stack trace for input errors; the exit code says which kind. */
    private static int handleException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof InvalidInputException || e instanceof java.io.UncheckedIOException
                || e instanceof java.io.IOException) {
            err.println("digits: error: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("digits: error: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        err.println("digits: internal error: " + e);
        if (System.getenv("DIGITS_DEBUG") != null) e.printStackTrace(err);
        else err.println("(set DIGITS_DEBUG=1 for the stack trace)");
        err.flush();
        return ExitCodes.FAILURE;
    }
}
