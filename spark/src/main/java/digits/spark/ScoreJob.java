package digits.spark;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import static org.apache.spark.sql.functions.col;

/** {@code digits-spark score}: predict every digit of a table or folder of images into a predictions table. */
@Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Predict every digit of a table or a folder of images into a predictions table.",
                "Input: a CSV in Kaggle's layout (optional label, then pixel0..pixel783, values 0-255), a Parquet table "
                        + "with those columns or one array column of 784 values, or a folder of PNG/JPEG/BMP/GIF files.",
                "Output columns: id, label, confidence, probabilities, model, error (why a row has no prediction), "
                        + "and true_label when the input has a label column. A bad row gets an error, never a failed job."})
final class ScoreJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR",
            description = "Model or ensemble directory, on the driver (shipped to each executor once).")
    Path model;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "PATH",
            description = "The digits: a .csv or .parquet table, or a folder of image files (any path Spark reads).")
    String input;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto (by the name: .csv, .parquet, else a folder of images), csv, parquet or images.")
    String format;

    @Option(names = "--pixels-column", defaultValue = "pixels", paramLabel = "NAME",
            description = "The array column, for a table without pixel0..pixel783 (default: ${DEFAULT-VALUE}).")
    String pixelsColumn;

    @Option(names = "--id-column", paramLabel = "NAME",
            description = "A column that names the rows (default: rows numbered from 1; images: the file's path).")
    String idColumn;

    @Option(names = "--pixel-max", defaultValue = "255", paramLabel = "X",
            description = "The largest pixel value, for ink (default: ${DEFAULT-VALUE}; 1 for values in [0,1]).")
    double pixelMax;

    @Option(names = "--batch-size", defaultValue = "" + BatchScoring.DEFAULT_BATCH, paramLabel = "N",
            description = "Rows per call into the model (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", paramLabel = "N", description = "Spread the rows over N partitions (tasks) before scoring (default: as read).")
    Integer partitions;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH",
            description = "The predictions table to write (must not exist yet).")
    String output;

    @Option(names = "--output-format", defaultValue = "parquet", paramLabel = "FORMAT",
            description = "parquet or csv (probabilities as columns p0..p9) (default: ${DEFAULT-VALUE}).")
    String outputFormat;

    @Override
    public Integer call() {
        TableInput.Format in = parse(TableInput.Format.class, format, "--format");
        TableOutput.Format outFormat = parse(TableOutput.Format.class, outputFormat, "--output-format");
        ModelBundle bundle = ModelBundle.read(model);
        try (SessionOptions.Session s = session.open("digits score")) {
            TableOutput writer = new TableOutput(s.spark(), output);
            TableInput.Table table = TableInput.read(s.spark(), input, in, pixelsColumn, idColumn, pixelMax);
            Broadcast<ModelBundle> shipped = bundle.broadcast(s.spark());
            long start = System.nanoTime();
            writer.write(BatchScoring.score(s.spark(), table.rows(), table.layout(), shipped, batchSize, partitions), outFormat);
            double seconds = (System.nanoTime() - start) / 1e9;
            Dataset<Row> written = writer.readBack(outFormat);
            long count = written.count();
            long errors = written.where(col("error").isNotNull()).count();
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "Scored %,d rows (%,d with an error) in %.1f s, %,.0f rows/s, with %s (%s, SHA-256 %s) -> %s%n",
                    count, errors, seconds, count / seconds, bundle.name(), s.spark().sparkContext().master(),
                    bundle.sha256().substring(0, 12), output);
            out.flush();
        }
        return SparkRunner.OK;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text, String option) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(text)) return e;
        StringBuilder known = new StringBuilder();
        for (E e : type.getEnumConstants()) known.append(known.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException(option + " must be one of " + known + ", got '" + text + "'");
    }
}
