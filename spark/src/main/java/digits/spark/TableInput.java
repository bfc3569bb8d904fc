package digits.spark;

import digits.data.InvalidInputException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Locale;

/** Reads the digits to score: a Kaggle-layout CSV, a Parquet table, or a folder of image files. */
final class TableInput {
    enum Format { AUTO, CSV, PARQUET, IMAGES }

    /** The image files a folder is searched for (Spark's glob filter is case-sensitive). */
    static final String IMAGE_GLOB = "*.{png,PNG,jpg,JPG,jpeg,JPEG,bmp,BMP,gif,GIF}";
    /** Where a CSV line with more or fewer values than the header lands, whole, instead of being cut or padded. */
    static final String MALFORMED = "_malformed_line";

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
                    // Every value as text (no schema inference pass); a line of the wrong length is kept whole.
                    StructType header = spark.read().option("header", true).csv(path).schema();
                    Dataset<Row> rows = spark.read().option("header", true).option("mode", "PERMISSIVE")
                            .option("columnNameOfCorruptRecord", MALFORMED)
                            .schema(header.add(MALFORMED, DataTypes.StringType, true)).csv(path);
                    yield new Table(rows, PixelLayout.ofTable(rows.schema(), arrayColumn, idColumn, pixelMax, path));
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
