package digits.spark;

import digits.data.InvalidInputException;
import digits.io.OutputException;
import digits.io.Printable;
import digits.model.NativeLogFilter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code digits-spark}: the digits tool's Spark jobs, for {@code spark-submit --class digits.spark.SparkRunner} on a
 * cluster, or plain {@code java} with {@code --master local[2]}; the same arguments either way (docs/spark.md).
 * Exit codes as the {@code digits} command's: 0 done, 1 internal error, 2 bad input, 3 cannot write.
 */
@Command(name = "digits-spark", mixinStandardHelpOptions = true,
        subcommands = {ScoreJob.class, EnsembleJob.class},
        description = {"Score digits and train ensembles on Apache Spark.",
                "  digits-spark score --master local[2] -m runs/quick-cnn -i test.csv -o predictions.parquet",
                "  digits-spark ensemble --master local[2] --members 4 --set model=logistic -o runs/spark-ensemble"})
public final class SparkRunner implements Runnable {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int BAD_INPUT = 2;
    static final int CANNOT_WRITE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a job: score or ensemble");
    }

    public static void main(String[] args) {
        NativeLogFilter.install(); // before the engine loads, as the digits command does: PyTorch's warnings stay off the terminal
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs a job and returns its exit code; every failure prints one line to {@code err}. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new SparkRunner()).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("digits-spark: error: " + Printable.escape(e.getMessage()));
            err.flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("digits-spark: error: " + Printable.escape(String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            err.flush();
            if (e instanceof InvalidInputException || e instanceof IllegalArgumentException) return BAD_INPUT;
            if (e instanceof OutputException) return CANNOT_WRITE;
            e.printStackTrace(err);
            return FAILURE;
        });
        return cli.execute(args);
    }
}
