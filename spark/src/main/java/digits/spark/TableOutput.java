package digits.spark;

import digits.io.OutputException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.apache.spark.sql.functions.col;

/**
 * Writes the predictions table as Spark writes tables (a directory of part files), into a hidden directory beside the
 * output that is renamed into place once whole: an output path never holds a half-written table, and an existing one is
 * never touched (the output must not exist yet).
 */
final class TableOutput {
    enum Format { PARQUET, CSV }

    private final SparkSession spark;
    private final org.apache.hadoop.fs.Path target;
    private final FileSystem fs;

    /** Checks, before any work, that {@code output} does not exist and its parent is (or can be) a directory. */
    TableOutput(SparkSession spark, String output) {
        this.spark = spark;
        this.target = new org.apache.hadoop.fs.Path(output);
        try {
            this.fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(target)) throw new OutputException(Path.of(output), "already exists; choose another --output or remove it");
            for (org.apache.hadoop.fs.Path p = target.getParent(); p != null; p = p.getParent()) {
                if (fs.exists(p)) {
                    if (!fs.getFileStatus(p).isDirectory()) throw new OutputException(Path.of(output), p + " is a file, not a directory");
                    break;
                }
            }
        } catch (IOException e) {
            throw new OutputException(Path.of(output), e);
        }
    }

    void write(Dataset<Row> predictions, Format format) {
        org.apache.hadoop.fs.Path hidden = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            if (format == Format.CSV) {
                flatten(predictions).write().option("header", true).csv(hidden.toString());
            } else {
                predictions.write().parquet(hidden.toString());
            }
            if (!fs.rename(hidden, target)) throw new OutputException(Path.of(target.toString()), "cannot rename " + hidden + " to it");
        } catch (IOException e) {
            throw new OutputException(Path.of(target.toString()), e);
        } finally {
            try {
                if (fs.exists(hidden)) fs.delete(hidden, true);
            } catch (IOException e) {
                // a hidden temporary directory left behind is harmless
            }
        }
    }

    /** CSV holds no arrays: the ten probabilities become columns p0..p9. */
    private static Dataset<Row> flatten(Dataset<Row> predictions) {
        List<Column> columns = new ArrayList<>();
        for (String name : predictions.columns()) {
            if (!name.equals("probabilities")) {
                columns.add(col(name));
                continue;
            }
            for (int d = 0; d < digits.data.Dataset.CLASSES; d++) columns.add(col(name).getItem(d).as("p" + d));
        }
        return predictions.select(columns.toArray(Column[]::new));
    }

    /** The written table, read back (to count what it holds). */
    Dataset<Row> readBack(Format format) {
        return format == Format.CSV ? spark.read().option("header", true).csv(target.toString())
                : spark.read().parquet(target.toString());
    }
}
