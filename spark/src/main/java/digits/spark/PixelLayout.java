package digits.spark;

import digits.api.ImagePreprocessor;
import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.KaggleCsvFormat;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Where a table keeps each digit and how its values read: Kaggle's columns {@code pixel0..pixel783}, one array column
 * of 784 values, or a file's bytes (Spark's binaryFile table: {@code path}, {@code content}); with an optional
 * {@code label} column and an optional id column. Table values are grey levels 0 to {@code pixelMax} (255 for
 * Kaggle's CSV), read as numbers or as the text of numbers (a CSV read without a schema).
 * A value that is missing, not a number or out of range makes {@link BadRow}, which scoring turns into that row's
 * error; it never fails the job.
 */
final class PixelLayout implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "label";
    /** The columns of Spark's binaryFile source that images are read from. */
    static final String PATH = "path";
    static final String CONTENT = "content";

    private enum Kind { COLUMNS, ARRAY, IMAGE }

    private final Kind kind;
    /** Kaggle's pixel columns in pixel order (COLUMNS), or the one array or content column (ARRAY, IMAGE). */
    private final int[] pixelColumns;
    private final int labelColumn;
    /** The id column, -1 for a row number (images: the file's path). */
    private final int idColumn;
    private final double pixelMax;
    /** The CSV reader's column for lines whose number of values differs from the header's, or -1. */
    private final int malformedColumn;

    private PixelLayout(Kind kind, int[] pixelColumns, int labelColumn, int idColumn, double pixelMax, int malformedColumn) {
        this.kind = kind;
        this.malformedColumn = malformedColumn;
        this.pixelColumns = pixelColumns;
        this.labelColumn = labelColumn;
        this.idColumn = idColumn;
        this.pixelMax = pixelMax;
    }

    /** A row's problem, in words for the error column (no stack trace: bad rows can be many). */
    static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The layout of a table: its {@code pixel0..pixel783} columns when it has them, else {@code arrayColumn}.
     *
     * @param idColumn a column whose values name the rows, or null to number them from 1 in table order
     * @throws InvalidInputException naming what the table lacks
     */
    static PixelLayout ofTable(StructType schema, String arrayColumn, String idColumn, double pixelMax, String source) {
        checkPixelMax(pixelMax);
        int id = idColumn == null ? -1 : column(schema, idColumn, source, "id column");
        int label = Arrays.asList(schema.fieldNames()).contains(LABEL) ? schema.fieldIndex(LABEL) : -1;
        List<String> names = Arrays.asList(schema.fieldNames());
        int malformed = names.contains(TableInput.MALFORMED) ? schema.fieldIndex(TableInput.MALFORMED) : -1;
        if (names.contains(KaggleCsvFormat.TEST.columnName(0))) {
            int[] columns = new int[Dataset.PIXELS];
            for (int p = 0; p < Dataset.PIXELS; p++) {
                columns[p] = column(schema, KaggleCsvFormat.TEST.columnName(p), source, "Kaggle pixel column");
            }
            return new PixelLayout(Kind.COLUMNS, columns, label, id, pixelMax, malformed);
        }
        if (!names.contains(arrayColumn)) {
            throw new InvalidInputException(source + ": no pixel0..pixel783 columns and no array column '" + arrayColumn
                    + "' (columns: " + String.join(", ", names) + ")");
        }
        StructField field = schema.apply(arrayColumn);
        if (!(field.dataType() instanceof ArrayType)) {
            throw new InvalidInputException(source + ": column '" + arrayColumn + "' is " + field.dataType().simpleString()
                    + ", not an array of 784 pixel values");
        }
        return new PixelLayout(Kind.ARRAY, new int[] {schema.fieldIndex(arrayColumn)}, label, id, pixelMax, malformed);
    }

    /** The layout of Spark's binaryFile table: each row one image file, named by its path. */
    static PixelLayout ofImageFiles(StructType schema) {
        return new PixelLayout(Kind.IMAGE, new int[] {schema.fieldIndex(CONTENT)}, -1, schema.fieldIndex(PATH), 1, -1);
    }

    private static int column(StructType schema, String name, String source, String what) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new InvalidInputException(source + ": " + what + " '" + name + "' not found (columns: "
                    + String.join(", ", Arrays.asList(schema.fieldNames()).subList(0, Math.min(8, schema.size())))
                    + (schema.size() > 8 ? ", ..." : "") + ")");
        }
        return schema.fieldIndex(name);
    }

    static void checkPixelMax(double pixelMax) {
        if (!(pixelMax > 0 && pixelMax < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the largest pixel value must be a positive number, got " + pixelMax);
        }
    }

    boolean labelled() {
        return labelColumn >= 0;
    }

    boolean numbersRows() {
        return idColumn < 0;
    }

    /** The row's id: its id column's value (images: the file's path), or {@code number} when the rows are numbered. */
    String id(Row row, long number) {
        if (idColumn < 0) return Long.toString(number);
        return row.isNullAt(idColumn) ? null : String.valueOf(row.get(idColumn));
    }

    /** The row's label as an integer, or null when missing or not a whole number. */
    Integer label(Row row) {
        if (labelColumn < 0 || row.isNullAt(labelColumn)) return null;
        try {
            double v = number(row.get(labelColumn));
            return v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE ? (int) v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The row's digit as 784 values in [0,1], light ink on dark; a bad row throws {@link BadRow}. */
    float[] pixels(Row row, ImagePreprocessor preprocessor) {
        if (malformedColumn >= 0 && !row.isNullAt(malformedColumn)) {
            int values = row.getString(malformedColumn).split(",", -1).length;
            throw new BadRow("the line has " + values + " values, the header " + (row.size() - 1));
        }
        switch (kind) {
            case COLUMNS -> {
                float[] out = new float[Dataset.PIXELS];
                for (int p = 0; p < Dataset.PIXELS; p++) {
                    int c = pixelColumns[p];
                    out[p] = scaled(row.isNullAt(c) ? null : row.get(c), p, pixelMax);
                }
                return out;
            }
            case ARRAY -> {
                int c = pixelColumns[0];
                if (row.isNullAt(c)) throw new BadRow("pixels: missing (null)");
                return fromValues(row.getList(c), pixelMax);
            }
            default -> {
                String path = row.getString(idColumn);
                try {
                    return preprocessor.preprocess((byte[]) row.get(pixelColumns[0]), path);
                } catch (InvalidInputException | IllegalArgumentException e) {
                    throw new BadRow(e.getMessage());
                }
            }
        }
    }

    /** 784 grey levels 0 to {@code pixelMax} (numbers or their text) scaled to [0,1]; bad values throw {@link BadRow}. */
    static float[] fromValues(List<?> values, double pixelMax) {
        if (values == null) throw new BadRow("pixels: missing (null)");
        if (values.size() != Dataset.PIXELS) {
            throw new BadRow("pixels: expected " + Dataset.PIXELS + " values (28x28), got " + values.size());
        }
        float[] out = new float[Dataset.PIXELS];
        for (int p = 0; p < Dataset.PIXELS; p++) out[p] = scaled(values.get(p), p, pixelMax);
        return out;
    }

    private static float scaled(Object value, int pixel, double pixelMax) {
        if (value == null) throw new BadRow(KaggleCsvFormat.TEST.columnName(pixel) + ": missing");
        double v;
        try {
            v = number(value);
        } catch (NumberFormatException e) {
            throw new BadRow(KaggleCsvFormat.TEST.columnName(pixel) + ": '" + shortText(value) + "' is not a number");
        }
        if (!(v >= 0 && v <= pixelMax)) {
            throw new BadRow(KaggleCsvFormat.TEST.columnName(pixel) + ": " + shortText(value) + " is outside 0-"
                    + formatMax(pixelMax));
        }
        return (float) (v / pixelMax);
    }

    /** The value as a number; NaN and infinities are not numbers a pixel or label can take. */
    private static double number(Object value) {
        double v = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
        if (!Double.isFinite(v)) throw new NumberFormatException(value + " is not finite");
        return v;
    }

    private static String shortText(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    private static String formatMax(double pixelMax) {
        return pixelMax == Math.rint(pixelMax) ? Long.toString((long) pixelMax) : Double.toString(pixelMax);
    }
}
