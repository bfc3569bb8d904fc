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
 * Where a table keeps each digit and how its values read: lines of a CSV in Kaggle's layout (read as text and split
 * here: Spark's own CSV reader is slow on 785 columns), Kaggle's columns {@code pixel0..pixel783} in a table, one array
 * column of 784 values, or a file's bytes (Spark's binaryFile table: {@code path}, {@code content}); with an optional
 * {@code label} column and an optional id column. Table values are grey levels 0 to {@code pixelMax} (255 for Kaggle's
 * data), numbers or the text of numbers. A value that is missing, not a number or out of range becomes that row's
 * error ({@link Digit#error()}); it never fails the job.
 */
final class PixelLayout implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "label";
    /** The columns of Spark's binaryFile source that images are read from. */
    static final String PATH = "path";
    static final String CONTENT = "content";

    private enum Kind { CSV_LINES, COLUMNS, ARRAY, IMAGE }

    private final Kind kind;
    /** Where pixel p is: a CSV field or table column (CSV_LINES, COLUMNS), or the one array/content column. */
    private final int[] pixels;
    private final int labelIndex;
    /** The id's field or column, -1 when rows are numbered (images: the path column). */
    private final int idIndex;
    private final double pixelMax;
    /** CSV_LINES: the header line (skipped wherever it appears) and its number of fields. */
    private final String header;
    private final int fields;

    private PixelLayout(Kind kind, int[] pixels, int labelIndex, int idIndex, double pixelMax, String header) {
        this.kind = kind;
        this.pixels = pixels;
        this.labelIndex = labelIndex;
        this.idIndex = idIndex;
        this.pixelMax = pixelMax;
        this.header = header;
        this.fields = header == null ? 0 : header.split(",", -1).length;
    }

    /** One row read: its id, its label if the input has labels, and its pixels in [0,1] or why there are none. */
    record Digit(String id, Integer label, float[] pixels, String error) {}

    /** A row's problem, in words for the error column (no stack trace: bad rows can be many). */
    static final class BadRow extends RuntimeException {
        BadRow(String message) {
            super(message, null, false, false);
        }
    }

    /** The layout of a Kaggle CSV whose first line is {@code header}: label and id columns found by name. */
    static PixelLayout ofCsv(String header, String idColumn, double pixelMax, String source) {
        checkPixelMax(pixelMax);
        List<String> names = Arrays.stream(header.split(",", -1)).map(n -> n.trim().replace("\"", "")).toList();
        int[] pixels = new int[Dataset.PIXELS];
        for (int p = 0; p < Dataset.PIXELS; p++) pixels[p] = index(names, KaggleCsvFormat.TEST.columnName(p), source, "pixel column");
        int id = idColumn == null ? -1 : index(names, idColumn, source, "id column");
        return new PixelLayout(Kind.CSV_LINES, pixels, names.indexOf(LABEL), id, pixelMax, header);
    }

    /**
     * The layout of a table: its {@code pixel0..pixel783} columns when it has them, else {@code arrayColumn}.
     *
     * @param idColumn a column whose values name the rows, or null to number them from 1 in table order
     * @throws InvalidInputException naming what the table lacks
     */
    static PixelLayout ofTable(StructType schema, String arrayColumn, String idColumn, double pixelMax, String source) {
        checkPixelMax(pixelMax);
        List<String> names = Arrays.asList(schema.fieldNames());
        int id = idColumn == null ? -1 : index(names, idColumn, source, "id column");
        int label = names.indexOf(LABEL);
        if (names.contains(KaggleCsvFormat.TEST.columnName(0))) {
            int[] columns = new int[Dataset.PIXELS];
            for (int p = 0; p < Dataset.PIXELS; p++) columns[p] = index(names, KaggleCsvFormat.TEST.columnName(p), source, "pixel column");
            return new PixelLayout(Kind.COLUMNS, columns, label, id, pixelMax, null);
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
        return new PixelLayout(Kind.ARRAY, new int[] {names.indexOf(arrayColumn)}, label, id, pixelMax, null);
    }

    /** The layout of Spark's binaryFile table: each row one image file, named by its path. */
    static PixelLayout ofImageFiles(StructType schema) {
        return new PixelLayout(Kind.IMAGE, new int[] {schema.fieldIndex(CONTENT)}, -1, schema.fieldIndex(PATH), 1, null);
    }

    private static int index(List<String> names, String name, String source, String what) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new InvalidInputException(source + ": " + what + " '" + name + "' not found (columns: "
                    + String.join(", ", names.subList(0, Math.min(8, names.size()))) + (names.size() > 8 ? ", ..." : "") + ")");
        }
        return i;
    }

    static void checkPixelMax(double pixelMax) {
        if (!(pixelMax > 0 && pixelMax < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("the largest pixel value must be a positive number, got " + pixelMax);
        }
    }

    boolean labelled() {
        return labelIndex >= 0;
    }

    boolean numbersRows() {
        return idIndex < 0;
    }

    /** Whether a row is a CSV header line (a file's first, or each part file's), not a digit. */
    boolean isHeader(Row row) {
        return kind == Kind.CSV_LINES && header.equals(row.getString(0));
    }

    /** Reads one row; {@code number} is its id when the rows are numbered. */
    Digit read(Row row, long number, ImagePreprocessor preprocessor) {
        Object[] values = kind == Kind.CSV_LINES ? row.getString(0).split(",", -1) : null;
        String id = idIndex < 0 ? Long.toString(number) : text(field(row, values, idIndex));
        Integer label = labelIndex < 0 ? null : wholeNumber(field(row, values, labelIndex));
        if (values != null && values.length != fields) {
            return new Digit(id, label, null, "the line has " + values.length + " values, the header " + fields);
        }
        try {
            return new Digit(id, label, pixels(row, values, preprocessor), null);
        } catch (BadRow e) {
            return new Digit(id, label, null, e.getMessage());
        }
    }

    /** A CSV line's field or a table's column; null when a short line lacks it. */
    private static Object field(Row row, Object[] values, int index) {
        if (values == null) return row.get(index);
        return index < values.length ? values[index] : null;
    }

    private float[] pixels(Row row, Object[] values, ImagePreprocessor preprocessor) {
        switch (kind) {
            case CSV_LINES, COLUMNS -> {
                float[] out = new float[Dataset.PIXELS];
                for (int p = 0; p < Dataset.PIXELS; p++) {
                    int c = pixels[p];
                    out[p] = scaled(values != null ? values[c] : row.get(c), p, pixelMax);
                }
                return out;
            }
            case ARRAY -> {
                int c = pixels[0];
                return fromValues(row.isNullAt(c) ? null : row.getList(c), pixelMax);
            }
            default -> {
                String path = row.getString(idIndex);
                try {
                    return preprocessor.preprocess((byte[]) row.get(pixels[0]), path);
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
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw new BadRow(KaggleCsvFormat.TEST.columnName(pixel) + ": missing");
        }
        double v;
        try {
            v = number(value);
        } catch (NumberFormatException e) {
            throw new BadRow(KaggleCsvFormat.TEST.columnName(pixel) + ": '" + shortText(value) + "' is not a number");
        }
        if (!(v >= 0 && v <= pixelMax)) {
            throw new BadRow(KaggleCsvFormat.TEST.columnName(pixel) + ": " + shortText(value) + " is outside 0-" + formatMax(pixelMax));
        }
        return (float) (v / pixelMax);
    }

    /** The value as a number; NaN and infinities are not numbers a pixel or label can take. */
    private static double number(Object value) {
        if (value instanceof Number n) {
            double v = n.doubleValue();
            if (!Double.isFinite(v)) throw new NumberFormatException(value + " is not finite");
            return v;
        }
        String s = value.toString();
        int small = smallInteger(s);
        if (small >= 0) return small; // the common case, 0-255 written as digits, without Double.parseDouble
        double v = Double.parseDouble(s.trim());
        if (!Double.isFinite(v)) throw new NumberFormatException(s + " is not finite");
        return v;
    }

    /** The value of 1-4 plain decimal digits, or -1. */
    private static int smallInteger(String s) {
        int n = s.length();
        if (n == 0 || n > 4) return -1;
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A label: a whole number, or null when missing or anything else. */
    private static Integer wholeNumber(Object value) {
        if (value == null) return null;
        try {
            double v = number(value);
            return v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE ? (int) v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String shortText(Object value) {
        String s = String.valueOf(value);
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    private static String formatMax(double pixelMax) {
        return pixelMax == Math.rint(pixelMax) ? Long.toString((long) pixelMax) : Double.toString(pixelMax);
    }
}
