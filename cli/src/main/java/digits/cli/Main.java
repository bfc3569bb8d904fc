package digits.cli;

import digits.data.InvalidInputException;
import digits.model.NativeLogFilter;
import digits.io.OutputException;
import digits.io.Printable;
import digits.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;

/** Entry point of the {@code digits} command line tool. */
@Command(name = "digits", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Handwritten-digit recognition: train, evaluate and use MNIST / Kaggle digit models.",
        subcommands = {
                CommandLine.HelpCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                PredictCommand.class,
                ReadCommand.class,
                SummaryCommand.class,
                ScoreCommand.class,
                ServeCommand.class,
                ReportCommand.class,
                SweepCommand.class,
                DataCommand.class,
                ExportCsvCommand.class,
                PairsCommand.class,
                PhotosCommand.class,
                ExportCommand.class,
                EnsembleCommand.class,
                FinetuneCommand.class,
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
        cli.setParameterExceptionHandler(Main::handleParameterException);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /**
     * One line on stderr, never a stack trace for what the user can fix; the exit code says which kind (see
     * {@link ExitCodes}). Every reading problem arrives here as {@link InvalidInputException} (the readers turn their
     * I/O errors into it) and every writing problem as {@link OutputException} (all outputs go through
     * {@code AtomicFiles}); an I/O exception that is neither is taken for a reading problem, as it was before the two
     * were told apart.
     */
    private static int handleException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        int code;
        String message = e.getMessage();
        if (e instanceof OutputException) {
            code = ExitCodes.CANNOT_WRITE;
        } else if (e instanceof TrainingDivergedException) {
            code = ExitCodes.TRAINING_DIVERGED;
            if (cli.getCommandSpec().findOption("--lr") != null) message += " (--lr)";
        } else if (e instanceof InvalidInputException || e instanceof UncheckedIOException || e instanceof IOException
                || e instanceof IllegalArgumentException) {
            code = ExitCodes.BAD_INPUT;
        } else {
            err.println("digits: internal error: " + oneLine(e.toString()));
            if (System.getenv("DIGITS_DEBUG") != null) e.printStackTrace(err);
            else err.println("(set DIGITS_DEBUG=1 for the stack trace)");
            err.flush();
            return ExitCodes.FAILURE;
        }
        err.println("digits: error: " + oneLine(message));
        err.flush();
        return code;
    }

    /**
     * An unknown option, a value of the wrong type, a missing parameter: what picocli says, on one line, and where the
     * command's options are explained, instead of the whole usage text.
     */
    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String message = oneLine(e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
        }
        err.println("digits: error: " + message);
        String command = cli.getCommandSpec().qualifiedName();
        // A command line parsed on its own (train --resume re-reads the recorded one) has no "digits" parent.
        if (!command.equals("digits") && !command.startsWith("digits ")) command = "digits " + command;
        err.println("see '" + command + " --help'");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** The message on one line, with control characters from file names and cells shown as escapes (never sent raw). */
    private static String oneLine(String message) {
        if (message == null) return "unknown error";
        return Printable.escape(message.strip().replaceAll("\\s*\\R\\s*", " "));
    }
}
