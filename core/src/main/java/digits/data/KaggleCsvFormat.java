package digits.data;

/** The two CSV layouts of Kaggle's "Digit Recognizer"; a file's header line says which one it uses. */
public enum KaggleCsvFormat {
    /** {@code train.csv}: {@code label,pixel0,...,pixel783}. */
    TRAIN(true),
    /** {@code test.csv}: {@code pixel0,...,pixel783}, no labels. */
    TEST(false);

    private final boolean labelled;

    KaggleCsvFormat(boolean labelled) {
        this.labelled = labelled;
    }

    public boolean labelled() { return labelled; }

    public int columns() { return labelled ? Dataset.PIXELS + 1 : Dataset.PIXELS; }

    /** The header name of a 0-based column. */
    public String columnName(int column) {
        if (labelled) return column == 0 ? "label" : "pixel" + (column - 1);
        return "pixel" + column;
    }

    /** The complete header line. */
    public String header() {
        StringBuilder sb = new StringBuilder(columns() * 9);
        for (int c = 0; c < columns(); c++) {
            if (c > 0) sb.append(',');
            sb.append(columnName(c));
        }
        return sb.toString();
    }

    /** The header abbreviated for messages. */
    public String shortHeader() { return labelled ? "label,pixel0,...,pixel783" : "pixel0,...,pixel783"; }

    /** The column count spelled out for messages. */
    public String describeColumns() {
        return labelled ? "785 columns (label + 784 pixels)" : "784 columns (784 pixels)";
    }

    /** What either header looks like, for messages about files whose kind is unknown. */
    static String expectedHeaders() {
        return "'" + TRAIN.shortHeader() + "' (train.csv) or '" + TEST.shortHeader() + "' (test.csv)";
    }
}
