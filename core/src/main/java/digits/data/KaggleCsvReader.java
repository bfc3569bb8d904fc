package digits.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads Kaggle "Digit Recognizer" CSV files: {@code train.csv} ({@code label,pixel0..pixel783}) and
 * {@code test.csv} ({@code pixel0..pixel783}). The header is required and decides the layout; pixels are integers
 * 0-255 (scaled to [0,1]), labels 0-9. Gzip-compressed files are recognised by their magic bytes.
 *
 * <p>Cells may be written the way pandas writes integers: with a zero fraction ({@code 255.0}, from a float frame)
 * and in RFC 4180 double quotes ({@code "255"}, {@code "label"}, from {@code quoting=csv.QUOTE_ALL}). Anything else
 * that is not an integer in range ({@code 0.5}, {@code 256.0}, {@code 1e2}, {@code nan}, {@code "1""2"}) is refused.
 *
 * <p>{@link #read} is strict and refuses the file at its first problem, with one line naming file, line and
 * column. {@link #scan} is the exploring variant: it counts every problem and keeps the valid rows.
 */
public final class KaggleCsvReader {
    /** Line 1 holds data instead of names when its first cell is a number. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9.]+([eE][-+]?[0-9]+)?");

    private KaggleCsvReader() {}

    /** The whole file as a dataset (unlabelled for the test layout), named after the file. */
    public static Dataset read(Path file) {
        return read(file, null);
    }

    /** {@link #read(Path)} of a stream already opened on {@code file} (and decompressed), closed when read. */
    static Dataset read(Path file, InputStream in) {
        Parser parser = new Parser(file, in, (kind, message) -> {
            throw new InvalidInputException(message);
        });
        parser.parse();
        return parser.dataset();
    }

    /** The layout a file's header announces, refusing a file whose header is missing or malformed. */
    public static KaggleCsvFormat format(Path file) {
        Parser parser = new Parser(file, null, (kind, message) -> {
            throw new InvalidInputException(message);
        });
        parser.parseHeaderOnly();
        return parser.format;
    }

    /** Reads past problems, counting them and keeping the first {@code maxListed} messages. */
    public static CsvScan scan(Path file, int maxListed) {
        return scan(file, null, maxListed);
    }

    /** {@link #scan(Path, int)} of a stream already opened on {@code file} (and decompressed), closed when read. */
    static CsvScan scan(Path file, InputStream in, int maxListed) {
        Map<CsvScan.Problem, Integer> counts = new EnumMap<>(CsvScan.Problem.class);
        List<String> first = new ArrayList<>();
        Parser parser = new Parser(file, in, (kind, message) -> {
            counts.merge(kind, 1, Integer::sum);
            if (first.size() < maxListed) first.add(message);
        });
        parser.parse();
        return new CsvScan(file, parser.format, parser.dataRows, parser.badRows, counts, first, parser.dataset());
    }

    private static BufferedReader open(Path file, InputStream opened) throws IOException {
        InputStream in = opened != null ? opened : InputFiles.open(file);
        return new BufferedReader(new LineLengthLimit(new InputStreamReader(in, StandardCharsets.UTF_8), file),
                InputFiles.BUFFER);
    }

    /** Spreadsheet programs put a UTF-8 byte order mark before the header. */
    private static String stripBom(String line) {
        return line != null && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static int[] toInts(GrowableBytes bytes) {
        int[] out = new int[bytes.size()];
        for (int i = 0; i < out.length; i++) out[i] = bytes.array()[i];
        return out;
    }

    /** One pass over a train/test file, reporting problems to a sink that either throws or counts. */
    private static final class Parser {
        private final Path file;
        /** The content, when the caller opened it already; null: the parser opens {@code file}. */
        private final InputStream in;
        private final CsvLines.Problems problems;
        private final byte[] row = new byte[Dataset.PIXELS];
        private final GrowableBytes pixels = new GrowableBytes(1 << 20);
        private final GrowableBytes labels = new GrowableBytes(1 << 12);
        private CsvLines lines;
        private KaggleCsvFormat format;
        private final int maxImages = ImageBudget.maxImages();
        private int dataRows;
        private int badRows;

        Parser(Path file, InputStream in, CsvLines.Problems problems) {
            this.file = file;
            this.in = in;
            this.problems = problems;
            this.lines = new CsvLines(file, problems, c -> "column " + (c + 1));
        }

        void parseHeaderOnly() {
            try (BufferedReader reader = open(file, in)) {
                parseHeader(reader.readLine());
            } catch (IOException e) {
                throw InputFiles.failure(file, e);
            }
        }

        void parse() {
            try (BufferedReader reader = open(file, in)) {
                String first = reader.readLine();
                boolean firstIsData = parseHeader(first);
                if (format == null) return;
                if (firstIsData) row(stripBom(first), 1);
                int lineNumber = 1;
                int emptyLine = 0;
                for (String line; (line = reader.readLine()) != null; ) {
                    lineNumber++;
                    // Empty lines at the very end are harmless; elsewhere they hide a lost row.
                    if (line.isEmpty()) {
                        if (emptyLine == 0) emptyLine = lineNumber;
                        continue;
                    }
                    if (emptyLine != 0) lines.report(CsvScan.Problem.EMPTY_LINE, emptyLine, "empty line");
                    emptyLine = 0;
                    row(line, lineNumber);
                }
                if (dataRows == 0) lines.reportFile(CsvScan.Problem.NO_DATA, "no data rows after the header");
            } catch (IOException e) {
                throw InputFiles.failure(file, e);
            }
        }

        /**
         * Sets {@link #format} from the header, or leaves it null when the file cannot be read on.
         * Returns true when line 1 is data (a missing header, which only the lenient scan reads past).
         */
        private boolean parseHeader(String header) {
            header = stripBom(header);
            if (header == null) {
                lines.reportFile(CsvScan.Problem.HEADER, "empty file, expected a header " + KaggleCsvFormat.expectedHeaders());
                return false;
            }
            String[] names = header.split(",", -1);
            String first = CsvLines.unquote(names[0]);
            if (NUMBER.matcher(first).matches()) {
                lines.report(CsvScan.Problem.HEADER, 1, "missing header: found data '" + CsvLines.clip(header)
                        + "', expected " + KaggleCsvFormat.expectedHeaders());
                useFormat(names.length == KaggleCsvFormat.TRAIN.columns() ? KaggleCsvFormat.TRAIN
                        : names.length == KaggleCsvFormat.TEST.columns() ? KaggleCsvFormat.TEST : null);
                return true;
            }
            boolean train = first.equals("label") || names.length == KaggleCsvFormat.TRAIN.columns() && !first.equals("pixel0");
            KaggleCsvFormat announced = train ? KaggleCsvFormat.TRAIN : KaggleCsvFormat.TEST;
            if (names.length != announced.columns()) {
                lines.report(CsvScan.Problem.HEADER, 1, "header has " + names.length + " columns, expected "
                        + announced.describeColumns() + ": '" + announced.shortHeader() + "'");
                return false;
            }
            useFormat(announced);
            for (int c = 0; c < names.length; c++) {
                if (!CsvLines.unquote(names[c]).equals(format.columnName(c))) {
                    lines.report(CsvScan.Problem.HEADER, 1, "column " + (c + 1) + ": expected header '"
                            + format.columnName(c) + "', found '" + CsvLines.clip(names[c]) + "'");
                    break;
                }
            }
            return false;
        }

        private void useFormat(KaggleCsvFormat chosen) {
            format = chosen;
            if (chosen != null) lines = new CsvLines(file, problems, chosen::columnName);
        }

        private void row(String line, int lineNumber) {
            dataRows++;
            int columns = format.columns();
            if (lines.wrongColumnCount(line, lineNumber, columns, format.describeColumns())) {
                badRows++;
                return;
            }
            int firstPixel = format.labelled() ? 1 : 0;
            boolean valid = true;
            int label = 0;
            int start = 0;
            for (int c = 0; c < columns; c++) {
                int end = c == columns - 1 ? line.length() : line.indexOf(',', start);
                int value = lines.cell(line, start, end, c < firstPixel ? 9 : 255, lineNumber, c);
                if (value < 0) valid = false;
                else if (c < firstPixel) label = value;
                else row[c - firstPixel] = (byte) value;
                start = end + 1;
            }
            if (!valid) {
                badRows++;
                return;
            }
            if (pixels.size() / Dataset.PIXELS >= maxImages) {
                // Even a lenient scan stops here: the rows that follow could only exhaust the heap.
                throw new InvalidInputException(file + ":" + lineNumber + ": more than " + maxImages
                        + " images, the most that fit in this JVM's memory (" + ImageBudget.advice() + ")");
            }
            pixels.append(row, 0, row.length);
            if (format.labelled()) labels.append((byte) label);
        }

        Dataset dataset() {
            float[] p = Pixels.toFloats(pixels.array(), pixels.size());
            boolean labelled = format != null && format.labelled();
            return new Dataset(file.getFileName().toString(), p, labelled ? toInts(labels) : null);
        }
    }
}
