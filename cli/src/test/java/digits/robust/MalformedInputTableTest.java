package digits.robust;

import digits.testing.TrainedModel;
import digits.api.ImagePreprocessor;
import digits.data.InvalidInputException;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;
import digits.model.ParamsLayout;
import digits.model.ModelSpec;
import digits.testing.DigitImages;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static digits.robust.Damage.concat;
import static digits.robust.Damage.putByte;
import static digits.robust.Damage.putInt;
import static digits.robust.Damage.truncate;
import static digits.robust.RealInputs.read;
import static digits.robust.RealInputs.write;
import static digits.robust.RealInputs.writeLines;
import static digits.robust.RealInputs.writeString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Malformed input of every format the tool reads, one row per fault, each with the one-line message it must produce.
 * IDX and CSV go through the command line ({@code digits data} / {@code digits predict}) and model directories through
 * {@code digits evaluate}: exit code 2, exactly one line on stderr, no stack trace. Images go through
 * {@link ImagePreprocessor} (the command-line image mode is not merged yet): an {@link InvalidInputException} and no
 * other exception.
 */
@Timeout(60)
class MalformedInputTableTest {
    private static final String IMAGES = "0x00000803 (IDX images: unsigned bytes, 3 dimensions)";
    private static final String LABELS = "0x00000801 (IDX labels: unsigned bytes, 1 dimension)";
    private static final String HEADERS = "'label,pixel0,...,pixel783' (train.csv) or 'pixel0,...,pixel783' (test.csv)";
    private static final String NOT_AN_IMAGE = ": not a readable PNG/JPEG/BMP/GIF image";

    /** The command to run and the message expected after "digits: error: ", exactly or as a pattern. */
    record Expect(Object[] args, String message, Pattern pattern) {
        static Expect exactly(String message, Object... args) {
            return new Expect(args, message, null);
        }

        static Expect matching(String regex, Object... args) {
            return new Expect(args, null, Pattern.compile(regex));
        }

        void check(String actual) {
            if (pattern == null) assertThat(actual).isEqualTo(message);
            else assertThat(actual).matches(pattern);
        }
    }

    @FunctionalInterface
    interface Case {
        Expect prepare(Path dir) throws Exception;
    }

    private static Arguments row(String name, Case c) {
        return Arguments.of(name, c);
    }

    // ---------------------------------------------------------------------------------------------------- IDX

    private static Expect data(Path input, String message) {
        return Expect.exactly(message, "data", "--input", input);
    }

    static Stream<Arguments> idxCases() {
        return Stream.of(
                row("idx: empty images file", dir -> {
                    Path f = write(dir.resolve("e-images-idx3-ubyte"), new byte[0]);
                    return data(f, f + ": empty file, expected an IDX header");
                }),
                row("idx: header cut after 10 bytes", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    write(f, truncate(read(f), 10));
                    return data(f, f + ": truncated header: expected 16 bytes, found 10");
                }),
                row("idx: labels magic in an images file", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    write(f, read(RealInputs.labelsOf(f)));
                    return data(f, f + ": wrong magic number " + LABELS + ", expected " + IMAGES);
                }),
                row("idx: images magic in a labels file", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    write(RealInputs.labelsOf(f), read(f));
                    return data(f, RealInputs.labelsOf(f) + ": wrong magic number " + IMAGES + ", expected " + LABELS);
                }),
                row("idx: a PNG renamed to an IDX file", dir -> {
                    Path f = write(dir.resolve("png-images-idx3-ubyte"), RealInputs.png(0));
                    return data(f, f + ": wrong magic number 0x89504E47, expected " + IMAGES);
                }),
                row("idx: binary garbage", dir -> {
                    byte[] garbage = new byte[5000];
                    new Random(6).nextBytes(garbage);
                    Path f = write(dir.resolve("g-images-idx3-ubyte"), garbage);
                    return data(f, f + ": wrong magic number " + String.format("0x%08X", ByteBuffer.wrap(garbage).getInt())
                            + ", expected " + IMAGES);
                }),
                row("idx: 32x32 images", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    write(f, putInt(putInt(read(f), 8, 32), 12, 32));
                    return data(f, f + ": images are 32x32 (shape 5 x 32 x 32), expected 28x28");
                }),
                row("idx: 20-byte file whose header claims 2^31-1 images", dir -> {
                    byte[] header = truncate(read(RealInputs.idx(dir, "t", 1)), 20);
                    Path f = write(dir.resolve("huge-images-idx3-ubyte"), putInt(header, 4, Integer.MAX_VALUE));
                    return data(f, f + ": truncated: record 1 of 2147483647 is incomplete: expected 784 bytes, found 4");
                }),
                row("idx: header claims 2^32-1 images", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    write(f, putInt(read(f), 4, -1));
                    return data(f, f + ": header declares 4294967295 records, more than 2147483647");
                }),
                row("idx: cut inside record 3 of 5", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    write(f, truncate(read(f), 16 + 2 * 784 + 100));
                    return data(f, f + ": truncated: record 3 of 5 is incomplete: expected 784 bytes, found 100");
                }),
                row("idx: trailing garbage", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    write(f, concat(read(f), "garbage".getBytes()));
                    return data(f, f + ": 7 unexpected bytes after the last of 5 records (trailing garbage)");
                }),
                row("idx: 4 labels for 5 images", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    Path labels = RealInputs.labelsOf(f);
                    write(labels, putInt(truncate(read(labels), 8 + 4), 4, 4));
                    return data(f, labels + ": 4 labels for the 5 images in " + f + " (the counts must match)");
                }),
                row("idx: label 10", dir -> {
                    Path f = RealInputs.idx(dir, "t", 5);
                    Path labels = RealInputs.labelsOf(f);
                    write(labels, putByte(read(labels), 8 + 2, 10));
                    return data(f, labels + ": record 3 of 5: label 10 is outside 0-9");
                }),
                row("idx: gzip cut in half", dir -> {
                    Path f = RealInputs.idx(dir.resolve("raw"), "t", 50);
                    byte[] gz = gzip(read(f));
                    Path cut = write(dir.resolve("cut-images-idx3-ubyte.gz"), truncate(gz, gz.length / 2));
                    return Expect.matching(Pattern.quote(cut.toString())
                            + ": truncated: record \\d+ of 50 is incomplete: expected 784 bytes, found \\d+", "data", "--input", cut);
                }),
                row("idx: gzip with corrupt deflate data", dir -> {
                    Path f = RealInputs.idx(dir.resolve("raw"), "t", 50);
                    byte[] gz = gzip(read(f));
                    for (int i = 20; i < 40; i++) gz[i] = (byte) 0xFF;
                    Path bad = write(dir.resolve("bad-images-idx3-ubyte.gz"), gz);
                    return Expect.matching(Pattern.quote(bad.toString()) + ": corrupt gzip data \\(.+\\)", "data", "--input", bad);
                }),
                row("idx: under 1 MB of gzip expanding to a million blank images (gzip bomb)", dir -> {
                    Path bomb = dir.resolve("bomb-images-idx3-ubyte.gz");
                    writeGzipBomb(bomb, 1_000_000);
                    assertThat(Files.size(bomb)).isLessThan(1_000_000);
                    return Expect.matching(Pattern.quote(bomb.toString()) + ": header declares 1000000 records; at most \\d+ fit"
                            + " in this JVM's memory \\(raise the Java heap limit, e.g. DIGITS_JAVA_OPTS=-Xmx8g\\)", "data", "--input", bomb);
                }),
                row("idx: endless input (a link to /dev/zero)", dir -> {
                    Path f = Files.createSymbolicLink(dir.resolve("zero-images-idx3-ubyte"), Path.of("/dev/zero"));
                    return data(f, f + ": wrong magic number 0x00000000, expected " + IMAGES);
                }),
                row("input: a zip archive named data.bin (neither CSV nor IDX)", dir -> {
                    Path f = write(dir.resolve("data.bin"), new byte[]{'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
                    return data(f, f + ": neither a Kaggle CSV file nor an IDX images file: it starts with bytes 50 4B 03 04"
                            + " (a CSV file starts with its header, e.g. 'label,pixel0,...'; an IDX images file with 00 00 08 03)");
                }),
                row("idx: a directory", dir -> data(dir, dir + ": is a directory, expected a data file")),
                row("idx: no such file", dir -> {
                    Path f = dir.resolve("missing-images-idx3-ubyte");
                    return data(f, f + ": no such file (an input is mnist-train, mnist-test, a Kaggle .csv file or an IDX images file)");
                }));
    }

    /**
     * A gzip file of an IDX header claiming {@code images} and that many blank images: under a megabyte, but gigabytes
     * expanded. Built from concatenated gzip members (which gzip readers read as one stream), so writing it is instant.
     */
    static void writeGzipBomb(Path file, int images) throws IOException {
        byte[] thousandBlank = gzip(new byte[784 * 1000]);
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(gzip(ByteBuffer.allocate(16).putInt(0x803).putInt(images).putInt(28).putInt(28).array()));
            for (int i = 0; i < images / 1000; i++) out.write(thousandBlank);
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------------- CSV

    /** {@code digits predict} on a train.csv of 5 real digits with line {@code lineNumber} (1 = header) replaced. */
    private static Expect csvWithLine(Path dir, int lineNumber, java.util.function.UnaryOperator<String> edit, String problem) {
        Path f = RealInputs.trainCsv(dir.resolve("train.csv"), 5);
        List<String> lines = new ArrayList<>(RealInputs.lines(f));
        lines.set(lineNumber - 1, edit.apply(lines.get(lineNumber - 1)));
        writeLines(f, lines);
        return predict(dir, f, f + ":" + lineNumber + ": " + problem);
    }

    private static Expect predict(Path dir, Path input, String message) {
        return Expect.exactly(message, "predict", "--model", TrainedModel.directory(), "--input", input,
                "-o", dir.resolve("submission.csv"));
    }

    private static String withCell(String line, int column, String value) {
        String[] cells = line.split(",", -1);
        cells[column] = value;
        return String.join(",", cells);
    }

    static Stream<Arguments> csvCases() {
        return Stream.of(
                row("csv: empty file", dir -> {
                    Path f = writeString(dir.resolve("train.csv"), "");
                    return predict(dir, f, f + ": empty file, expected a header " + HEADERS);
                }),
                row("csv: header only", dir -> {
                    Path f = RealInputs.trainCsv(dir.resolve("train.csv"), 5);
                    writeLines(f, RealInputs.lines(f).subList(0, 1));
                    return predict(dir, f, f + ": no data rows after the header");
                }),
                row("csv: missing header", dir -> {
                    Path f = RealInputs.trainCsv(dir.resolve("train.csv"), 5);
                    writeLines(f, RealInputs.lines(f).subList(1, 6));
                    return predict(dir, f, f + ":1: missing header: found data '7,0,0,0,0,0,0,0,0,0,0...', expected " + HEADERS);
                }),
                row("csv: row with 784 cells in train layout", dir -> csvWithLine(dir, 3, line -> line.substring(0, line.lastIndexOf(',')),
                        "expected 785 columns (label + 784 pixels), found 784 (no column pixel783)")),
                row("csv: row with an extra cell", dir -> csvWithLine(dir, 3, line -> line + ",0",
                        "expected 785 columns (label + 784 pixels), found 786 (1 extra after pixel783)")),
                row("csv: non-numeric pixel", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "abc"),
                        "column pixel100: 'abc' is not an integer")),
                row("csv: pixel 256", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "256"),
                        "column pixel100: 256 is out of range 0-255")),
                row("csv: negative pixel", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "-1"),
                        "column pixel100: -1 is out of range 0-255")),
                row("csv: label 10", dir -> csvWithLine(dir, 4, line -> withCell(line, 0, "10"),
                        "column label: 10 is out of range 0-9")),
                row("csv: NaN pixel", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "NaN"),
                        "column pixel100: missing value 'NaN'")),
                row("csv: Infinity pixel", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "Infinity"),
                        "column pixel100: 'Infinity' is not an integer")),
                row("csv: fractional pixel", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "0.5"),
                        "column pixel100: '0.5' is not an integer")),
                row("csv: pixel 256.0 (pandas float)", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "256.0"),
                        "column pixel100: 256.0 is out of range 0-255")),
                row("csv: a doubled quote inside a quoted cell", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "\"1\"\"2\""),
                        "column pixel100: '\"1\"\"2\"' is not an integer (a quoted cell holding a quote)")),
                row("csv: 40-digit pixel", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, "9".repeat(40)),
                        "column pixel100: 999999999999999999999... is out of range 0-255")),
                row("csv: empty cell", dir -> csvWithLine(dir, 2, line -> withCell(line, 101, ""),
                        "column pixel100: missing value (empty cell)")),
                row("csv: empty line between rows", dir -> csvWithLine(dir, 3, line -> "", "empty line")),
                row("csv: a PNG renamed to .csv", dir -> {
                    Path f = write(dir.resolve("digit.csv"), RealInputs.png(0));
                    return predict(dir, f, f + ":1: header has 1 columns, expected 784 columns (784 pixels): 'pixel0,...,pixel783'");
                }),
                row("csv: one 3 MB line without a line break", dir -> {
                    Path f = writeString(dir.resolve("long.csv"), "label," + "0".repeat(3 << 20));
                    return predict(dir, f, f + ":1: line is longer than 1048576 characters (not a line of a CSV file)");
                }),
                row("csv: endless input (a link to /dev/zero)", dir -> {
                    Path f = Files.createSymbolicLink(dir.resolve("zero.csv"), Path.of("/dev/zero"));
                    return predict(dir, f, f + ":1: line is longer than 1048576 characters (not a line of a CSV file)");
                }),
                row("csv: gzip cut in half", dir -> {
                    Path csv = RealInputs.trainCsv(dir.resolve("full.csv"), 50);
                    byte[] gz = gzip(read(csv));
                    Path cut = write(dir.resolve("cut.csv.gz"), truncate(gz, gz.length / 2));
                    return Expect.matching(Pattern.quote(cut.toString()) + ": gzip stream is truncated \\(.+\\)", "predict", "--model",
                            TrainedModel.directory(), "--input", cut, "-o", dir.resolve("submission.csv"));
                }));
    }

    // ---------------------------------------------------------------------------------------------------- model directories

    /** {@code digits evaluate} of a damaged copy of the trained model on 50 real digits. */
    private static Expect evaluate(Path model, Path dir, String message) {
        return Expect.exactly(message, "evaluate", "--model", model, "--input", RealInputs.idx(dir, "small", 50));
    }

    private static Expect evaluateMatching(Path model, Path dir, String regex) {
        return Expect.matching(regex, "evaluate", "--model", model, "--input", RealInputs.idx(dir, "small", 50));
    }

    private static Path model(Path dir) {
        return TrainedModel.copyTo(dir.resolve("model"));
    }

    static Stream<Arguments> modelCases() {
        return Stream.of(
                row("model: no such directory", dir -> {
                    Path m = dir.resolve("none");
                    return evaluate(m, dir, m + ": no such model directory");
                }),
                row("model: model.json missing", dir -> {
                    Path m = model(dir);
                    Files.delete(m.resolve("model.json"));
                    return evaluate(m, dir, m.resolve("model.json") + ": missing; " + m + " is not a model directory");
                }),
                row("model: model.json is a link to /dev/zero", dir -> {
                    Path m = model(dir);
                    Files.delete(m.resolve("model.json"));
                    Files.createSymbolicLink(m.resolve("model.json"), Path.of("/dev/zero"));
                    return evaluate(m, dir, m.resolve("model.json") + ": not a regular file (a model directory holds only "
                            + "the files the tool wrote; links, devices and pipes are refused)");
                }),
                row("model: model.json cut in half", dir -> {
                    Path m = model(dir);
                    byte[] json = read(m.resolve("model.json"));
                    write(m.resolve("model.json"), truncate(json, json.length / 2));
                    return evaluateMatching(m, dir, Pattern.quote(m.resolve("model.json") + ": not a valid model descriptor (")
                            + "Unexpected end-of-input.*\\)");
                }),
                row("model: model.json is binary garbage", dir -> {
                    Path m = model(dir);
                    write(m.resolve("model.json"), RealInputs.png(0));
                    return evaluateMatching(m, dir, Pattern.quote(m.resolve("model.json") + ": not a valid model descriptor (")
                            + ".+\\)");
                }),
                row("model: model.json is a JSON array", dir -> {
                    Path m = model(dir);
                    writeString(m.resolve("model.json"), "[]");
                    return evaluateMatching(m, dir, Pattern.quote(m.resolve("model.json") + ": not a valid model descriptor (")
                            + "Cannot deserialize .+\\)");
                }),
                row("model: model.json nested 100,000 deep", dir -> {
                    Path m = model(dir);
                    writeString(m.resolve("model.json"), "{\"training\":{\"x\":" + "[".repeat(100_000));
                    return evaluateMatching(m, dir, Pattern.quote(m.resolve("model.json") + ": not a valid model descriptor (")
                            + ".*nesting depth.*\\)");
                }),
                row("model: another format", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> Damage.withFormat(d, "keras-model", 1));
                    return evaluate(m, dir, m.resolve("model.json") + ": not a digits model descriptor (format is not 'digits-model')");
                }),
                row("model: format version 2", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> Damage.withFormat(d, d.format(), 2));
                    return evaluate(m, dir, m.resolve("model.json") + ": format version 2 is not supported (this tool reads 1)");
                }),
                row("model: no paramsSha256", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> d.withParams(d.paramsFile(), null));
                    return evaluate(m, dir, m.resolve("model.json") + ": descriptor lacks 'architecture', 'paramsFile' or 'paramsSha256'");
                }),
                row("model: paramsFile ../x (outside the directory)", dir -> {
                    Path m = model(dir);
                    Files.copy(Damage.paramsFile(m), dir.resolve("x"));
                    Damage.editDescriptor(m, d -> d.withParams("../x", d.paramsSha256()));
                    return evaluate(m, dir, m.resolve("model.json") + ": 'paramsFile' must be a plain file name, got '../x'");
                }),
                row("model: paramsFile /etc/passwd", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> d.withParams("/etc/passwd", d.paramsSha256()));
                    return evaluate(m, dir, m.resolve("model.json") + ": 'paramsFile' must be a plain file name, got '/etc/passwd'");
                }),
                row("model: unknown architecture", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> Damage.withArchitecture(d, "banana"));
                    return evaluate(m, dir, m.resolve("model.json") + ": bad architecture: model spec 'banana': unknown layer 'banana'"
                            + " (expected e.g. 32C3, 64C5S2, 256C3valid, P, D.25, BN, GAP, 128)");
                }),
                row("model: params file missing", dir -> {
                    Path m = model(dir);
                    Path p = Damage.paramsFile(m);
                    Files.delete(p);
                    return evaluate(m, dir, p + ": missing");
                }),
                row("model: params file cut in half", dir -> {
                    Path m = model(dir);
                    Path p = Damage.paramsFile(m);
                    write(p, truncate(read(p), (int) Files.size(p) / 2));
                    return evaluate(m, dir, p + ": corrupt (SHA-256 does not match model.json)");
                }),
                row("model: params file with one flipped byte", dir -> {
                    Path m = model(dir);
                    Path p = Damage.paramsFile(m);
                    byte[] params = read(p);
                    write(p, putByte(params, params.length / 2, params[params.length / 2] ^ 0x01));
                    return evaluate(m, dir, p + ": corrupt (SHA-256 does not match model.json)");
                }),
                row("model: params file of 3 GB (sparse: nothing is read)", dir -> {
                    Path m = model(dir);
                    Path p = Damage.paramsFile(m);
                    try (var file = new java.io.RandomAccessFile(p.toFile(), "rw")) {
                        file.setLength(3L << 30);
                    }
                    // the logistic model's 7,850 values and a megabyte for the file's structure
                    return evaluate(m, dir, p + ": 3221225472 bytes, more than it can hold (" + (7850 * 4 + (1 << 20)) + ")");
                }),
                row("model: params file empty", dir -> {
                    Path m = model(dir);
                    Path p = Damage.paramsFile(m);
                    write(p, new byte[0]);
                    return evaluate(m, dir, p + ": corrupt (SHA-256 does not match model.json)");
                }),
                row("model: Java-serialized object as params (re-hashed): refused, never deserialized", dir -> {
                    Path m = model(dir);
                    Path p = Damage.replaceParams(m, serialized(new Gadget()));
                    return evaluateMatching(m, dir, Pattern.quote(p + ": does not match architecture 10") + ".*");
                }));
    }

    /**
     * Stands for a deserialization gadget: if any loader ever ran Java deserialization on the parameter file, its
     * {@code readObject} would run and set the flag.
     */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean deserialized;

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialized = true;
        }
    }

    static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    /**
     * Parameter files edited and re-hashed so the SHA-256 matches: only a check of the file's layout against the
     * architecture stops them. Without it DJL allocates what the file claims (OutOfMemoryError, a 2 GB native
     * buffer, or, for a descriptor claiming a huge network, 17 GB of weights before reading a byte).
     */
    static Stream<Arguments> rehashedParamsCases() {
        return Stream.of(
                row("params: descriptor claims a smaller network (5-10)", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> Damage.withArchitecture(d, "5-10"));
                    Path p = Damage.paramsFile(m);
                    return evaluate(m, dir, p + ": does not match architecture 5-10: " + Files.size(p)
                            + " bytes, but its parameter files have 16438 bytes");
                }),
                row("params: descriptor claims a bigger network (32-10)", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> Damage.withArchitecture(d, "32-10"));
                    Path p = Damage.paramsFile(m);
                    return evaluate(m, dir, p + ": does not match architecture 32-10: " + Files.size(p)
                            + " bytes cannot hold its 25450 parameters");
                }),
                row("params: descriptor claims 4.3 billion parameters (65536-65536-10)", dir -> {
                    Path m = model(dir);
                    Damage.editDescriptor(m, d -> Damage.withArchitecture(d, "65536-65536-10"));
                    Path p = Damage.paramsFile(m);
                    return evaluate(m, dir, p + ": does not match architecture 65536-65536-10: " + Files.size(p)
                            + " bytes cannot hold its 4347133962 parameters");
                }),
                row("params: array rank 2^31 (re-hashed)", dir -> {
                    Path m = model(dir);
                    byte[] params = Damage.params(m);
                    int at = Damage.firstRank(params);
                    Path p = Damage.replaceParams(m, putInt(params, at, 0x7ffffff0));
                    return evaluate(m, dir, p + ": does not match architecture 10: byte " + at
                            + " (in the header of parameter 02Linear_weight) differs from its layout");
                }),
                row("params: input-shape count 2^31 (re-hashed)", dir -> {
                    Path m = model(dir);
                    Path p = Damage.replaceParams(m, putInt(Damage.params(m), 1, 0x7ffffff0));
                    return evaluate(m, dir, p + ": does not match architecture 10: byte 1"
                            + " (in the header of parameter 02Linear_weight) differs from its layout");
                }),
                row("params: data length 2^31-1 (re-hashed)", dir -> {
                    Path m = model(dir);
                    byte[] params = Damage.params(m);
                    int at = Damage.firstDataLength(params, 7840 * 4);
                    Path p = Damage.replaceParams(m, putInt(params, at, Integer.MAX_VALUE));
                    return evaluate(m, dir, p + ": does not match architecture 10: byte " + at
                            + " (in the header of parameter 02Linear_weight) differs from its layout");
                }),
                row("params: a NaN weight (re-hashed)", dir -> {
                    Path m = model(dir);
                    byte[] params = Damage.params(m);
                    int at = Damage.firstDataLength(params, 7840 * 4) + 4 + 4 * 17;
                    Path p = Damage.replaceParams(m, putInt(params, at, 0xFFFFFFFF));
                    return evaluate(m, dir, p + ": parameter 02Linear_weight holds NaN (value 17); parameters must be finite numbers");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"idxCases", "csvCases", "modelCases"})
    void refusedWithOneLineAndExitCode2(String name, Case c, @TempDir Path dir) throws Exception {
        Expect expect = c.prepare(dir);
        Cli run = Cli.run(expect.args());
        assertThat(run.showsStackTrace()).as("%s", run).isFalse();
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).as("one line").endsWith("\n").hasLineCount(1).startsWith("digits: error: ");
        expect.check(run.err().strip().substring("digits: error: ".length()));
        assertThat(Gadget.deserialized).isFalse();
        assertThat(dir.resolve("submission.csv")).doesNotExist();
    }

    /** The re-hashed parameter files, checked by {@link ParamsLayout} as {@code ModelStore.load} should before DJL parses them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rehashedParamsCases")
    void rehashedParamsRefusedByTheLayoutCheck(String name, Case c, @TempDir Path dir) throws Exception {
        Expect expect = c.prepare(dir);
        Path model = (Path) expect.args()[2];
        ModelDescriptor d = ModelStore.readDescriptor(model);
        Path params = model.resolve(d.paramsFile());
        assertThatThrownBy(() -> ParamsLayout.check(ModelSpec.parse(d.architecture()), read(params), params))
                .isExactlyInstanceOf(InvalidInputException.class)
                .satisfies(e -> expect.check(e.getMessage()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rehashedParamsCases")
    void rehashedParamsRefusedByTheCommandLine(String name, Case c, @TempDir Path dir) throws Exception {
        refusedWithOneLineAndExitCode2(name, c, dir);
    }

    // ---------------------------------------------------------------------------------------------------- images

    private static Expect image(Path file, String message) {
        return Expect.exactly(message, file);
    }

    private static byte[] encode(BufferedImage image, String format) {
        return DigitImages.encode(image, format);
    }

    static Stream<Arguments> imageCases() {
        return Stream.of(
                row("image: empty file", dir -> {
                    Path f = write(dir.resolve("empty.png"), new byte[0]);
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: PNG cut in half", dir -> {
                    byte[] png = RealInputs.png(0);
                    Path f = write(dir.resolve("cut.png"), truncate(png, png.length / 2));
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: binary garbage", dir -> {
                    byte[] garbage = new byte[4096];
                    new Random(7).nextBytes(garbage);
                    Path f = write(dir.resolve("garbage.png"), garbage);
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: text named .png", dir -> {
                    Path f = writeString(dir.resolve("text.png"), "this is not a picture\n");
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: PNG header claiming 100000x100000 (CRC fixed)", dir -> {
                    Path f = write(dir.resolve("huge.png"), Damage.pngSize(RealInputs.png(0), 100_000, 100_000));
                    return image(f, f + ": the image is 100000x100000 pixels (10000.0 megapixels), more than the limit of 40.0 megapixels");
                }),
                row("image: PNG header claiming width 0 (CRC fixed)", dir -> {
                    Path f = write(dir.resolve("zero.png"), Damage.pngSize(RealInputs.png(0), 0, 28));
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: BMP header claiming 50000x50000", dir -> {
                    byte[] bmp = encode(DigitImages.render(RealInputs.digits(1).image(0), 28, 28, 0, 0, 1, true), "bmp");
                    Path f = write(dir.resolve("huge.bmp"), Damage.bmpSize(bmp, 50_000, 50_000));
                    // Java's BMP decoder checks the size against the data itself, before the tool's megapixel limit would.
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: GIF cut after its header", dir -> {
                    byte[] gif = encode(DigitImages.mnistGray(RealInputs.digits(1).image(0)), "gif");
                    Path f = write(dir.resolve("cut.gif"), truncate(gif, 30));
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: TIFF (not a supported format)", dir -> {
                    Path f = write(dir.resolve("digit.tiff"), encode(DigitImages.mnistGray(RealInputs.digits(1).image(0)), "tiff"));
                    return image(f, f + NOT_AN_IMAGE);
                }),
                row("image: blank white page", dir -> {
                    BufferedImage white = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) white.getRaster().setSample(x, y, 0, 255);
                    Path f = write(dir.resolve("white.png"), encode(white, "png"));
                    return image(f, f + ": the image is blank (no digit found)");
                }),
                row("image: fully transparent", dir -> {
                    Path f = write(dir.resolve("clear.png"), encode(new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB), "png"));
                    return image(f, f + ": the image is blank (no digit found)");
                }),
                row("image: 1x1 pixel", dir -> {
                    Path f = write(dir.resolve("dot.png"), encode(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY), "png"));
                    return image(f, f + ": the image is blank (no digit found)");
                }),
                row("image: no such file", dir -> {
                    Path f = dir.resolve("missing.png");
                    return image(f, f + ": no such file");
                }),
                row("image: endless input (a link to /dev/zero)", dir -> {
                    Path f = Files.createSymbolicLink(dir.resolve("zero.png"), Path.of("/dev/zero"));
                    return image(f, f + ": not a regular file (a picture is read from a file, not a folder, device or pipe)");
                }),
                row("image: a folder", dir -> {
                    Path f = Files.createDirectory(dir.resolve("folder.png"));
                    return image(f, f + ": not a regular file (a picture is read from a file, not a folder, device or pipe)");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageCases")
    void imageRefusedWithOneLine(String name, Case c, @TempDir Path dir) throws Exception {
        Expect expect = c.prepare(dir);
        Path file = (Path) expect.args()[0];
        assertThatThrownBy(() -> new ImagePreprocessor().preprocess(file))
                .isExactlyInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    expect.check(e.getMessage());
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    /** The inputs above, counted for the reliability table in docs/reliability.md. */
    static long caseCount() {
        return Stream.of(idxCases(), csvCases(), modelCases(), rehashedParamsCases(), imageCases()).mapToLong(Stream::count).sum();
    }
}
