package digits.spark;

import digits.api.DigitRecognizer;
import digits.api.Prediction;
import digits.testing.DigitImages;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Batch scoring and the SQL function on local[2], with a logistic model trained on real MNIST digits. */
class BatchScoringTest {
    private static final int DIGITS = 300;
    private static SparkSession spark;
    private static Mnist.Digits test;
    private static DigitRecognizer local;
    private static ModelBundle bundle;
    private static Broadcast<ModelBundle> shipped;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() {
        spark = LocalSpark.session();
        test = Mnist.test(DIGITS);
        Path model = TrainedModels.logistic();
        local = DigitRecognizer.load(model);
        bundle = ModelBundle.read(model);
        shipped = bundle.broadcast(spark);
    }

    @AfterAll
    static void tearDown() {
        local.close();
    }

    /** What the model predicts for the test digits in this JVM, without Spark. */
    private static List<Prediction> expected() {
        return local.predictBatch(IntStream.range(0, DIGITS).mapToObj(test::image).toList());
    }

    private static String grey(float v) {
        return Integer.toString(Math.round(v * 255));
    }

    private static List<Row> score(String input, String idColumn) {
        TableInput.Table table = TableInput.read(spark, input, TableInput.Format.AUTO, "pixels", idColumn, 255);
        return BatchScoring.score(spark, table.rows(), table.layout(), shipped, 64, 2).collectAsList();
    }

    @Test
    void kaggleCsvRowsArePredictedAsInOneProcessAndBadRowsGetAnError() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("label," + IntStream.range(0, 784).mapToObj(p -> "pixel" + p).collect(Collectors.joining(",")));
        for (int i = 0; i < DIGITS; i++) {
            float[] image = test.image(i);
            String[] values = new String[784];
            for (int p = 0; p < 784; p++) values[p] = grey(image[p]);
            lines.add(test.labels()[i] + "," + String.join(",", values));
        }
        String zeros = String.join(",", java.util.Collections.nCopies(784, "0"));
        lines.add("7," + zeros.substring(2));                          // 783 pixels: one missing
        lines.add("7," + zeros.replaceFirst("^0,0,0,0,0,0", "0,0,0,0,0,NaN"));
        lines.add("7," + zeros.replaceFirst("^0,0,0", "0,0,300"));
        lines.add("7," + zeros.replaceFirst("^0", "ink"));
        Path csv = tmp.resolve("train.csv");
        Files.write(csv, lines);

        List<Row> rows = score(csv.toString(), null);

        assertThat(rows).hasSize(DIGITS + 4);
        Map<Long, Row> byId = new TreeMap<>();
        for (Row r : rows) byId.put(Long.parseLong(r.getAs("id")), r);
        assertThat(byId.keySet()).containsExactlyElementsOf(IntStream.rangeClosed(1, DIGITS + 4).mapToObj(i -> (long) i).toList());
        List<Prediction> expected = expected();
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            Row r = byId.get(i + 1L);
            assertThat((String) r.getAs("error")).isNull();
            assertThat((Integer) r.getAs("label")).as("row %d", i + 1).isEqualTo(expected.get(i).label());
            assertThat((Integer) r.getAs("true_label")).isEqualTo(test.labels()[i]);
            assertThat((String) r.getAs("model")).isEqualTo(local.modelId());
            List<Float> p = r.getList(r.fieldIndex("probabilities"));
            assertThat(p).hasSize(10);
            assertThat(p.get(expected.get(i).label())).isCloseTo(expected.get(i).confidence(), org.assertj.core.data.Offset.offset(1e-5f));
            if (r.<Integer>getAs("label") == test.labels()[i]) correct++;
        }
        assertThat(correct / (double) DIGITS).as("accuracy on %d real test digits", DIGITS).isGreaterThan(0.8);

        assertThat(error(byId.get(DIGITS + 1L))).isEqualTo("the line has 784 values, the header 785");
        assertThat(error(byId.get(DIGITS + 2L))).isEqualTo("pixel5: 'NaN' is not a number");
        assertThat(error(byId.get(DIGITS + 3L))).isEqualTo("pixel2: 300 is outside 0-255");
        assertThat(error(byId.get(DIGITS + 4L))).isEqualTo("pixel0: 'ink' is not a number");
        for (long id = DIGITS + 1; id <= DIGITS + 4; id++) {
            assertThat((Integer) byId.get(id).getAs("label")).isNull();
            assertThat((Object) byId.get(id).getAs("probabilities")).isNull();
        }
    }

    private static String error(Row r) {
        return r.getAs("error");
    }

    /** A Parquet table with an id column and one array column; a short array and a null one are refused row by row. */
    private static Path arrayTable(String name) {
        StructType schema = new StructType().add("ImageId", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType, true));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < DIGITS; i++) {
            Double[] values = new Double[784];
            float[] image = test.image(i);
            for (int p = 0; p < 784; p++) values[p] = (double) Math.round(image[p] * 255);
            rows.add(RowFactory.create(i + 1, values));
        }
        rows.add(RowFactory.create(DIGITS + 1, new Double[783]));
        rows.add(RowFactory.create(DIGITS + 2, null));
        Path file = tmp.resolve(name);
        spark.createDataFrame(rows, schema).coalesce(2).write().parquet(file.toString());
        return file;
    }

    @Test
    void parquetArrayColumnWithAnIdColumn() {
        List<Row> rows = score(arrayTable("digits.parquet").toString(), "ImageId");

        assertThat(rows).hasSize(DIGITS + 2);
        List<Prediction> expected = expected();
        for (Row r : rows) {
            int id = Integer.parseInt(r.getAs("id"));
            if (id <= DIGITS) {
                assertThat((Integer) r.getAs("label")).isEqualTo(expected.get(id - 1).label());
                assertThat(error(r)).isNull();
            } else {
                assertThat(error(r)).isEqualTo(id == DIGITS + 1 ? "pixels: expected 784 values (28x28), got 783" : "pixels: missing (null)");
            }
        }
    }

    @Test
    void sqlFunctionPredictsAsBatchScoring() {
        DigitsFunctions.register(spark, shipped, 255);
        spark.read().parquet(arrayTable("sql.parquet").toString()).createOrReplaceTempView("digits");

        List<Row> rows = spark.sql("SELECT ImageId, digits_predict(pixels) AS p FROM digits ORDER BY ImageId").collectAsList();

        assertThat(rows).hasSize(DIGITS + 2);
        List<Prediction> expected = expected();
        for (int i = 0; i < DIGITS; i++) {
            Row p = rows.get(i).getStruct(1);
            assertThat(p.getInt(p.fieldIndex("label"))).isEqualTo(expected.get(i).label());
            assertThat(p.getString(p.fieldIndex("model"))).isEqualTo(local.modelId());
            assertThat(p.isNullAt(p.fieldIndex("error"))).isTrue();
        }
        Row shortRow = rows.get(DIGITS).getStruct(1);
        assertThat(shortRow.getString(shortRow.fieldIndex("error"))).isEqualTo("pixels: expected 784 values (28x28), got 783");
        assertThat(shortRow.isNullAt(shortRow.fieldIndex("label"))).isTrue();
        long sevens = spark.sql("SELECT count(*) FROM digits WHERE digits_predict(pixels).label = 7").first().getLong(0);
        assertThat(sevens).isEqualTo(expected.stream().filter(p -> p.label() == 7).count());
    }

    @Test
    void imageFilesArePredictedAsTheLibraryPredictsThemAndABrokenFileGetsAnError() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("images/nested"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path f = folder.resolve("digit-" + i + ".png");
            Files.write(f, DigitImages.encode(DigitImages.mnistGray(test.image(i)), "png"));
            files.add(f);
        }
        Path broken = folder.resolve("broken.png");
        Files.write(broken, Arrays.copyOf(Files.readAllBytes(files.get(0)), 40)); // a PNG cut short
        Files.writeString(folder.resolve("notes.txt"), "not an image: skipped by the file filter");

        List<Row> rows = score(tmp.resolve("images").toString(), null);

        assertThat(rows).hasSize(21);
        for (Row r : rows) {
            String path = r.getAs("id");
            if (path.endsWith("broken.png")) {
                assertThat(error(r)).contains("broken.png");
                assertThat((Integer) r.getAs("label")).isNull();
                continue;
            }
            int i = Integer.parseInt(path.replaceAll(".*digit-(\\d+)\\.png$", "$1"));
            assertThat(error(r)).isNull();
            assertThat((Integer) r.getAs("label")).as(path).isEqualTo(local.predict(files.get(i)).label());
        }
    }

    @Test
    void aModelDamagedOnTheWayIsRefusedOnTheExecutor() {
        TreeMap<String, byte[]> files = new TreeMap<>();
        bundle.files().forEach((path, bytes) -> files.put(path, bytes.clone()));
        byte[] params = files.entrySet().stream().filter(e -> !e.getKey().endsWith(".json")).findFirst().orElseThrow().getValue();
        params[params.length / 2] ^= 1;
        Broadcast<ModelBundle> damaged = new ModelBundle(bundle.name(), files, bundle.sha256()).broadcast(spark);
        TableInput.Table table = TableInput.read(spark, arrayTable("damaged.parquet").toString(), TableInput.Format.AUTO,
                "pixels", "ImageId", 255);

        assertThatThrownBy(() -> BatchScoring.score(spark, table.rows(), table.layout(), damaged, 64, null).count())
                .hasMessageContaining("model bundle " + bundle.name() + ": SHA-256 of the files received is ")
                .hasMessageContaining("the driver's is " + bundle.sha256());
    }
}
