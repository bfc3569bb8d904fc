package digits.spark;

import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits-spark score} end to end on local[2]: a Kaggle test.csv in, a predictions table out, exit codes. */
class SparkRunnerTest {
    @TempDir
    static Path tmp;
    private static Path model;
    private static Path csv;

    @BeforeAll
    static void setUp() throws Exception {
        LocalSpark.session();
        model = TrainedModels.logistic();
        Mnist.Digits digits = Mnist.test(200);
        List<String> lines = new ArrayList<>();
        lines.add(IntStream.range(0, 784).mapToObj(p -> "pixel" + p).collect(Collectors.joining(",")));
        for (int i = 0; i < digits.size(); i++) {
            float[] image = digits.image(i);
            lines.add(IntStream.range(0, 784).mapToObj(p -> Integer.toString(Math.round(image[p] * 255))).collect(Collectors.joining(",")));
        }
        lines.add(String.join(",", java.util.Collections.nCopies(784, "-1")));
        csv = Files.write(tmp.resolve("test.csv"), lines);
    }

    private record Run(int exit, String out, String err) {}

    private static Run runner(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SparkRunner.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void scoresAKaggleTestCsvIntoParquetAndCsv() throws Exception {
        Path parquet = tmp.resolve("predictions.parquet");
        Run run = runner("score", "--master", "local[2]", "-m", model.toString(), "-i", csv.toString(), "-o", parquet.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Scored 201 rows (1 with an error) in ");
        List<Row> rows = LocalSpark.session().read().parquet(parquet.toString()).orderBy("id").collectAsList();
        assertThat(rows).hasSize(201);
        assertThat(rows.stream().filter(r -> r.getAs("error") != null).map(r -> (String) r.getAs("error")).toList())
                .containsExactly("pixel0: -1 is outside 0-255");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".predictions"));
        }

        Path csvOut = tmp.resolve("predictions-csv");
        Run asCsv = runner("score", "--master", "local[2]", "-m", model.toString(), "-i", csv.toString(),
                "--output-format", "csv", "-o", csvOut.toString());
        assertThat(asCsv.exit()).as(asCsv.err()).isZero();
        var table = LocalSpark.session().read().option("header", true).csv(csvOut.toString());
        assertThat(table.columns()).containsExactly("id", "label", "confidence", "p0", "p1", "p2", "p3", "p4", "p5", "p6",
                "p7", "p8", "p9", "model", "error");
        assertThat(table.count()).isEqualTo(201);
    }

    @Test
    void anExistingOutputIsNeverTouched() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");

        Run run = runner("score", "--master", "local[2]", "-m", model.toString(), "-i", csv.toString(), "-o", out.toString());

        assertThat(run.exit()).isEqualTo(SparkRunner.CANNOT_WRITE);
        assertThat(run.err()).isEqualTo("digits-spark: error: cannot write " + out + ": already exists; choose another --output or remove it\n");
        assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("mine");
    }

    @Test
    void badInputsAreOneLineAndExitCodeTwo() {
        Run missing = runner("score", "--master", "local[2]", "-m", model.toString(), "-i", tmp.resolve("none.csv").toString(),
                "-o", tmp.resolve("x").toString());
        assertThat(missing.exit()).isEqualTo(SparkRunner.BAD_INPUT);
        assertThat(missing.err()).startsWith("digits-spark: error: " + tmp.resolve("none.csv") + ": cannot read (").hasLineCount(1);

        Run noModel = runner("score", "-m", tmp.resolve("no-model").toString(), "-i", csv.toString(), "-o", tmp.resolve("y").toString());
        assertThat(noModel.exit()).isEqualTo(SparkRunner.BAD_INPUT);
        assertThat(noModel.err()).isEqualTo("digits-spark: error: " + tmp.resolve("no-model") + ": not a model directory (no such directory)\n");

        Run badFormat = runner("score", "-m", model.toString(), "-i", csv.toString(), "--format", "xls", "-o", tmp.resolve("z").toString());
        assertThat(badFormat.exit()).isEqualTo(SparkRunner.BAD_INPUT);
        assertThat(badFormat.err()).isEqualTo("digits-spark: error: --format must be one of auto, csv, parquet, images, got 'xls'\n");
    }
}
