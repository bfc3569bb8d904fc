package digits.spark;

import digits.data.InvalidInputException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Locale;

/** Reads the digits to score: a Kaggle-layout CSV, a Parquet table, or a folder of image files. */
final class TableInput {
    enum Format { AUTO, CSV, PARQUET, IMAGES }

    /** The image files a folder is searched for (Spark's glob filter is case-sensitive). */
    static final String IMAGE_GLOB = "*.{png,PNG,jpg,JPG,jpeg,JPEG,bmp,BMP,gif,GIF}";

    /** A table to score and where its digits are. */
    record Table(Dataset<Row> rows, PixelLayout layout) {}

    private TableInput() {}

    /** AUTO: by the name's ending, .csv or .parquet; anything else is a folder of images. */
    static Format detect(String path, Format format) {
        if (format != Format.AUTO) return format;
        String name = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (name.endsWith(".csv")) return Format.CSV;
        if (name.endsWith(".parquet")) return Format.PARQUET;
        return Format.IMAGES;
    }

    static Table read(SparkSession spark, String path, Format format, String arrayColumn, String idColumn, double pixelMax) {
        try {
            return switch (detect(path, format)) {
                case CSV -> {
                    // Lines as text, split by the layout: Spark's CSV reader is slow on 785 columns.
                    Dataset<Row> lines = spark.read().text(path);
                    List<Row> first = lines.limit(1).collectAsList();
                    if (first.isEmpty()) throw new InvalidInputException(path + ": empty; expected a Kaggle CSV header line");
                    yield new Table(lines, PixelLayout.ofCsv(first.get(0).getString(0), idColumn, pixelMax, path));
                }
                case PARQUET -> {
                    Dataset<Row> rows = spark.read().parquet(path);
                    yield new Table(rows, PixelLayout.ofTable(rows.schema(), arrayColumn, idColumn, pixelMax, path));
                }
                default -> {
                    Dataset<Row> rows = spark.read().format("binaryFile").option("pathGlobFilter", IMAGE_GLOB)
                            .option("recursiveFileLookup", true).load(path).select(PixelLayout.PATH, PixelLayout.CONTENT);
                    yield new Table(rows, PixelLayout.ofImageFiles(rows.schema()));
                }
            };
        } catch (Exception e) { // Scala throws AnalysisException, checked in Java's eyes, without declaring it
            if (!(e instanceof org.apache.spark.sql.AnalysisException)) throw (RuntimeException) e;
            // a missing path, an empty folder, a file that is not Parquet: Spark says which in its first line
            throw new InvalidInputException(path + ": cannot read (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
