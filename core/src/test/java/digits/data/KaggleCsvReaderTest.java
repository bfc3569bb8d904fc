package digits.data;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static digits.data.Fixtures.gzip;
import static digits.data.Fixtures.readLines;
import static digits.data.Fixtures.realDigits;
import static digits.data.Fixtures.withCell;
import static digits.data.Fixtures.withoutLastCell;
import static digits.data.Fixtures.write;
import static digits.data.Fixtures.writeLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KaggleCsvReaderTest {
    @TempDir
    Path dir;

    private Dataset digits;
    /** train.csv lines of 20 real digits: header, then one row per digit (line 2 = digit 0, a "7"). */
    private List<String> train;
    /** test.csv lines of the same digits. */
    private List<String> test;

    @BeforeEach
    void writeRealFixtures() {
        digits = realDigits(20);
        KaggleCsvWriter.writeTrain(dir.resolve("real-train.csv"), digits);
        KaggleCsvWriter.writeTest(dir.resolve("real-test.csv"), digits);
        train = readLines(dir.resolve("real-train.csv"));
        test = readLines(dir.resolve("real-test.csv"));
    }

    @Test
    void trainLayoutRoundTripsRealDigits() {
        Dataset back = KaggleCsvReader.read(dir.resolve("real-train.csv"));
        assertThat(back.name()).isEqualTo("real-train.csv");
        assertThat(back.size()).isEqualTo(20);
        assertThat(back.labels()).isEqualTo(digits.labels());
        assertThat(back.pixels()).isEqualTo(digits.pixels());
    }

    @Test
    void testLayoutRoundTripsWithoutLabels() {
        Dataset back = KaggleCsvReader.read(dir.resolve("real-test.csv"));
        assertThat(back.hasLabels()).isFalse();
        assertThat(back.pixels()).isEqualTo(digits.pixels());
    }

    @Test
    void writerUsesKaggleHeadersAndPlainIntegers() {
        assertThat(train).hasSize(21);
        assertThat(train.get(0)).startsWith("label,pixel0,pixel1,").endsWith(",pixel782,pixel783");
        assertThat(train.get(0).split(",")).hasSize(785);
        assertThat(train.get(1)).startsWith("7,0,0,0,");
        assertThat(train.get(1).split(",")).hasSize(785);
        assertThat(test.get(0)).startsWith("pixel0,pixel1,");
        assertThat(test.get(1)).isEqualTo(train.get(1).substring(2));
        // Row 15 of the first "7" holds grey levels written as integers (as in Kaggle's files).
        assertThat(train.get(1)).contains(",0,84,185,159,151,60,36,0,");
    }

    @Test
    void gzipCrlfAndByteOrderMarkAreAccepted() throws Exception {
        String crlf = "\uFEFF" + String.join("\r\n", train) + "\r\n";
        Path file = write(dir.resolve("windows.csv.gz"), gzip(crlf.getBytes(StandardCharsets.UTF_8)));
        Dataset back = KaggleCsvReader.read(file);
        assertThat(back.labels()).isEqualTo(digits.labels());
        assertThat(back.pixels()).isEqualTo(digits.pixels());
    }

    @Test
    void emptyLinesAtTheEndAreHarmless() {
        List<String> lines = new ArrayList<>(train);
        lines.add("");
        lines.add("");
        assertThat(KaggleCsvReader.read(writeLines(dir.resolve("trailing.csv"), lines)).size()).isEqualTo(20);
    }

    @Test
    void surroundingSpacesAndExplicitPlusSignAreAccepted() {
        Path file = trainWith("spaces.csv", 2, 400, " 12 ", 3, 0, "+7");
        Dataset back = KaggleCsvReader.read(file);
        assertThat(back.pixels()[399]).isEqualTo(12 / 255f);
        assertThat(back.label(1)).isEqualTo(7);
    }

    // ---- written the pandas way ----

    /**
     * The 20 digits as pandas writes them: {@code df.to_csv(index=False)} of a float frame gives {@code 7.0} and
     * {@code 255.0}; with {@code quoting=csv.QUOTE_ALL} every cell and header name is quoted ({@code "0"},
     * {@code "label"}).
     */
    private List<String> pandasLines(boolean labelled, boolean floats, boolean quoteAll) {
        byte[] grey = Fixtures.greyBytes(digits);
        String q = quoteAll ? "\"" : "";
        String fraction = floats ? ".0" : "";
        KaggleCsvFormat format = labelled ? KaggleCsvFormat.TRAIN : KaggleCsvFormat.TEST;
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder();
        for (int c = 0; c < format.columns(); c++) header.append(c > 0 ? "," : "").append(q).append(format.columnName(c)).append(q);
        lines.add(header.toString());
        for (int i = 0; i < digits.size(); i++) {
            StringBuilder row = new StringBuilder();
            if (labelled) row.append(q).append(digits.label(i)).append(fraction).append(q).append(',');
            for (int p = 0; p < Dataset.PIXELS; p++) {
                if (p > 0) row.append(',');
                row.append(q).append(grey[i * Dataset.PIXELS + p] & 0xff).append(fraction).append(q);
            }
            lines.add(row.toString());
        }
        return lines;
    }

    @Test
    void floatFrameCellsLike255Point0AreReadAsTheirIntegers() {
        List<String> lines = pandasLines(true, true, false);
        assertThat(lines.get(1)).startsWith("7.0,0.0,0.0,").contains(",0.0,84.0,185.0,159.0,151.0,60.0,36.0,0.0,");
        Dataset back = KaggleCsvReader.read(writeLines(dir.resolve("float-frame.csv"), lines));
        assertThat(back.labels()).isEqualTo(digits.labels());
        assertThat(back.pixels()).isEqualTo(digits.pixels());
    }

    @Test
    void quoteAllCellsAndHeaderNamesAreRead() {
        List<String> lines = pandasLines(true, false, true);
        assertThat(lines.get(0)).startsWith("\"label\",\"pixel0\",");
        assertThat(lines.get(1)).startsWith("\"7\",\"0\",\"0\",").contains(",\"84\",\"185\",");
        Dataset back = KaggleCsvReader.read(writeLines(dir.resolve("quote-all.csv"), lines));
        assertThat(back.labels()).isEqualTo(digits.labels());
        assertThat(back.pixels()).isEqualTo(digits.pixels());
    }

    @Test
    void quotedFloatsInTheTestLayoutAreRead() {
        List<String> lines = pandasLines(false, true, true);
        assertThat(lines.get(1)).startsWith("\"0.0\",\"0.0\",");
        Dataset back = KaggleCsvReader.read(writeLines(dir.resolve("quoted-floats.csv"), lines));
        assertThat(back.hasLabels()).isFalse();
        assertThat(back.pixels()).isEqualTo(digits.pixels());
        CsvScan scan = KaggleCsvReader.scan(dir.resolve("quoted-floats.csv"), 10);
        assertThat(scan.clean()).isTrue();
        assertThat(scan.valid().pixels()).isEqualTo(digits.pixels());
    }

    @Test
    void otherZeroFractionsSpacesAndSignsAreAcceptedToo() {
        Path file = trainWith("variants.csv", 2, 400, "12.000", 3, 0, "\" 2.0 \"", 4, 5, "-0.0", 5, 0, "+0.00", 6, 700, "\"\t255\"");
        Dataset back = KaggleCsvReader.read(file);
        assertThat(back.pixels()[399]).isEqualTo(12 / 255f);
        assertThat(back.label(1)).isEqualTo(2);
        assertThat(back.pixels()[2 * Dataset.PIXELS + 4]).isZero();
        assertThat(back.label(3)).isZero();
        assertThat(back.pixels()[4 * Dataset.PIXELS + 699]).isEqualTo(1f);
    }

    @Test
    void pandasLookingCellsThatAreNoPixelAreRefused() {
        String name = "pandas-bad.csv";
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "0.5")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: '0.5' is not an integer");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "256.0")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: 256.0 is out of range 0-255");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "\"256\"")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: \"256\" is out of range 0-255");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "-1.0")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: -1.0 is out of range 0-255");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "\"1\"\"2\"")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: '\"1\"\"2\"' is not an integer (a quoted cell holding a quote)");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "\"12")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: '\"12' has an unmatched quote");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "1e2")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: '1e2' is not an integer");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "inf")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: 'inf' is not an integer");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "7.")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: '7.' is not an integer");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "\"nan\"")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: missing value '\"nan\"'");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 3, 101, "\"\"")))
                .hasMessage(dir.resolve(name) + ":3: column pixel100: missing value (empty cell)");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 4, 0, "7.5")))
                .hasMessage(dir.resolve(name) + ":4: column label: '7.5' is not an integer");
        assertThatThrownBy(() -> KaggleCsvReader.read(trainWith(name, 4, 0, "\"10\"")))
                .hasMessage(dir.resolve(name) + ":4: column label: \"10\" is out of range 0-9");
    }

    @Test
    void aQuotedCommaIsNamedNotMiscountedAsAColumn() {
        Path file = trainWith("quoted-comma.csv", 5, 101, "\"1,2\"");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":5: column pixel100: '\"1,2\"' is not an integer (a quoted cell holding a comma)");
    }

    @Test
    void aMalformedQuotedHeaderNameIsShownAsWritten() {
        List<String> lines = new ArrayList<>(train);
        lines.set(0, withCell(lines.get(0), 2, "\"pixel1"));
        Path file = writeLines(dir.resolve("header-quote.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":1: column 3: expected header 'pixel1', found '\"pixel1'");
    }

    // ---- malformed files: one line naming file, line and column ----

    @Test
    void rowWith783PixelsIsRefused() {
        List<String> lines = new ArrayList<>(train);
        lines.set(3, withoutLastCell(lines.get(3)));
        Path file = writeLines(dir.resolve("short-row.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ":4: expected 785 columns (label + 784 pixels), found 784 (no column pixel783)");
    }

    @Test
    void rowWithAnExtraColumnIsRefused() {
        List<String> lines = new ArrayList<>(test);
        lines.set(5, lines.get(5) + ",0");
        Path file = writeLines(dir.resolve("long-row.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":6: expected 784 columns (784 pixels), found 785 (1 extra after pixel783)");
    }

    @Test
    void rowWithFarTooFewColumnsNamesTheFirstMissing() {
        List<String> lines = new ArrayList<>(train);
        lines.set(1, "7,0,0");
        Path file = writeLines(dir.resolve("stub-row.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":2: expected 785 columns (label + 784 pixels), found 3 (no column pixel2 or later)");
    }

    @Test
    void wordInAPixelCell() {
        Path file = trainWith("abc.csv", 5, 101, "abc");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":5: column pixel100: 'abc' is not an integer");
    }

    @Test
    void pixelAbove255() {
        Path file = trainWith("300.csv", 2, 300, "300");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":2: column pixel299: 300 is out of range 0-255");
    }

    @Test
    void negativePixel() {
        Path file = testWith("minus.csv", 3, 0, "-1");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":3: column pixel0: -1 is out of range 0-255");
    }

    @Test
    void fractionalPixel() {
        Path file = trainWith("fraction.csv", 7, 784, "1.5");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":7: column pixel783: '1.5' is not an integer");
    }

    @Test
    void emptyCell() {
        Path file = trainWith("empty-cell.csv", 4, 10, "");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":4: column pixel9: missing value (empty cell)");
    }

    @Test
    void nanCell() {
        Path file = testWith("nan.csv", 9, 200, "NaN");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":9: column pixel200: missing value 'NaN'");
    }

    @Test
    void hugeNumberIsOutOfRangeNotAnOverflow() {
        Path file = trainWith("huge.csv", 2, 1, "9".repeat(30));
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":2: column pixel0: 999999999999999999999... is out of range 0-255");
    }

    @Test
    void labelEleven() {
        Path file = trainWith("label-11.csv", 3, 0, "11");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":3: column label: 11 is out of range 0-9");
    }

    @Test
    void labelThatIsNotANumber() {
        Path file = trainWith("label-seven.csv", 2, 0, "seven");
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":2: column label: 'seven' is not an integer");
    }

    @Test
    void missingHeader() {
        Path file = writeLines(dir.resolve("no-header.csv"), train.subList(1, train.size()));
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":1: missing header: found data '7,0,0,0,0,0,0,0,0,0,0...', expected "
                        + "'label,pixel0,...,pixel783' (train.csv) or 'pixel0,...,pixel783' (test.csv)");
    }

    @Test
    void emptyFile() {
        Path file = write(dir.resolve("empty.csv"), new byte[0]);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ": empty file, expected a header 'label,pixel0,...,pixel783' (train.csv) "
                        + "or 'pixel0,...,pixel783' (test.csv)");
    }

    @Test
    void headerOnly() {
        Path file = writeLines(dir.resolve("header-only.csv"), train.subList(0, 1));
        assertThatThrownBy(() -> KaggleCsvReader.read(file)).hasMessage(file + ": no data rows after the header");
    }

    @Test
    void headerWithAWrongName() {
        List<String> lines = new ArrayList<>(train);
        lines.set(0, withCell(lines.get(0), 2, "pixel_1"));
        Path file = writeLines(dir.resolve("bad-name.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":1: column 3: expected header 'pixel1', found 'pixel_1'");
    }

    @Test
    void headerWithWrongCase() {
        List<String> lines = new ArrayList<>(train);
        lines.set(0, withCell(lines.get(0), 0, "Label"));
        Path file = writeLines(dir.resolve("case.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":1: column 1: expected header 'label', found 'Label'");
    }

    @Test
    void headerWithTooFewColumns() {
        List<String> lines = new ArrayList<>(train);
        lines.set(0, withoutLastCell(lines.get(0)));
        Path file = writeLines(dir.resolve("short-header.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file))
                .hasMessage(file + ":1: header has 784 columns, expected 785 columns (label + 784 pixels): "
                        + "'label,pixel0,...,pixel783'");
    }

    @Test
    void emptyLineInTheMiddle() {
        List<String> lines = new ArrayList<>(train);
        lines.add(6, "");
        Path file = writeLines(dir.resolve("gap.csv"), lines);
        assertThatThrownBy(() -> KaggleCsvReader.read(file)).hasMessage(file + ":7: empty line");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.csv");
        assertThatThrownBy(() -> KaggleCsvReader.read(file)).hasMessage(file + ": no such file");
    }

    @Test
    void formatComesFromTheHeader() {
        assertThat(KaggleCsvReader.format(dir.resolve("real-train.csv"))).isEqualTo(KaggleCsvFormat.TRAIN);
        assertThat(KaggleCsvReader.format(dir.resolve("real-test.csv"))).isEqualTo(KaggleCsvFormat.TEST);
    }

    // ---- lenient scan ----

    @Test
    void scanCountsEveryProblemAndKeepsTheValidRows() {
        List<String> lines = new ArrayList<>(train);
        lines.set(2, withCell(withCell(withCell(lines.get(2), 5, "abc"), 7, ""), 9, "300"));
        lines.set(3, withoutLastCell(lines.get(3)));
        lines.set(4, withCell(withCell(lines.get(4), 0, "11"), 3, "NaN"));
        Path file = writeLines(dir.resolve("messy.csv"), lines);

        CsvScan scan = KaggleCsvReader.scan(file, 4);
        assertThat(scan.format()).isEqualTo(KaggleCsvFormat.TRAIN);
        assertThat(scan.dataRows()).isEqualTo(20);
        assertThat(scan.badRows()).isEqualTo(3);
        assertThat(scan.count(CsvScan.Problem.NOT_AN_INTEGER)).isEqualTo(1);
        assertThat(scan.count(CsvScan.Problem.MISSING_VALUE)).isEqualTo(2);
        assertThat(scan.count(CsvScan.Problem.OUT_OF_RANGE)).isEqualTo(2);
        assertThat(scan.count(CsvScan.Problem.WRONG_COLUMN_COUNT)).isEqualTo(1);
        assertThat(scan.totalProblems()).isEqualTo(6);
        assertThat(scan.clean()).isFalse();
        assertThat(scan.firstProblems()).containsExactly(
                file + ":3: column pixel4: 'abc' is not an integer",
                file + ":3: column pixel6: missing value (empty cell)",
                file + ":3: column pixel8: 300 is out of range 0-255",
                file + ":4: expected 785 columns (label + 784 pixels), found 784 (no column pixel783)");

        // Digits 1, 2 and 3 (lines 3-5) are dropped; the other 17 are kept intact.
        int[] kept = {0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        Dataset expected = digits.subset(kept, "expected");
        assertThat(scan.valid().labels()).isEqualTo(expected.labels());
        assertThat(scan.valid().pixels()).isEqualTo(expected.pixels());
    }

    @Test
    void scanReadsPastAMissingHeader() {
        Path file = writeLines(dir.resolve("headless.csv"), test.subList(1, test.size()));
        CsvScan scan = KaggleCsvReader.scan(file, 10);
        assertThat(scan.format()).isEqualTo(KaggleCsvFormat.TEST);
        assertThat(scan.count(CsvScan.Problem.HEADER)).isEqualTo(1);
        assertThat(scan.dataRows()).isEqualTo(20);
        assertThat(scan.valid().size()).isEqualTo(20);
    }

    @Test
    void scanOfACleanFileMatchesTheStrictReader() {
        CsvScan scan = KaggleCsvReader.scan(dir.resolve("real-train.csv"), 10);
        assertThat(scan.clean()).isTrue();
        assertThat(scan.firstProblems()).isEmpty();
        assertThat(scan.valid().pixels()).isEqualTo(digits.pixels());
    }

    @Test
    void scanStopsAtAnUnusableHeader() {
        Path file = writeLines(dir.resolve("wide.csv"), List.of("a,b,c", "1,2,3"));
        CsvScan scan = KaggleCsvReader.scan(file, 10);
        assertThat(scan.format()).isNull();
        assertThat(scan.firstProblems()).containsExactly(
                file + ":1: header has 3 columns, expected 784 columns (784 pixels): 'pixel0,...,pixel783'");
        assertThat(scan.valid().size()).isZero();
    }

    /** train.csv of the 20 digits with cells replaced: line (1-based), column (0-based), value, ... */
    private Path trainWith(String name, Object... edits) {
        return edited(name, train, edits);
    }

    private Path testWith(String name, Object... edits) {
        return edited(name, test, edits);
    }

    private Path edited(String name, List<String> source, Object... edits) {
        List<String> lines = new ArrayList<>(source);
        for (int i = 0; i < edits.length; i += 3) {
            int line = (Integer) edits[i];
            lines.set(line - 1, withCell(lines.get(line - 1), (Integer) edits[i + 1], (String) edits[i + 2]));
        }
        return writeLines(dir.resolve(name), lines);
    }
}
