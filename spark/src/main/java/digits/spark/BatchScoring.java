package digits.spark;

import digits.api.DigitRecognizer;
import digits.api.ImagePreprocessor;
import digits.api.Prediction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Scores a table of digits with a broadcast model: each partition gets the executor's one loaded copy of the model
 * ({@link ExecutorModels}) and predicts its rows in batches. A bad row gets its problem in the {@code error} column
 * (and no label); it never fails the job.
 */
public final class BatchScoring {
    /** Rows per call into the model: large enough that per-call overhead is small, small enough to bound memory. */
    public static final int DEFAULT_BATCH = 512;

    private BatchScoring() {}

    /**
     * The predictions for every row of {@code table} (columns: {@link PredictionColumns#scoringSchema}), in table order
     * within each partition. Rows without an id column are numbered from 1 in table order (one extra pass over the
     * input to count each partition's rows), before they are spread over {@code partitions} parts (null: as read).
     */
    static Dataset<Row> score(SparkSession spark, Dataset<Row> table, PixelLayout layout, Broadcast<ModelBundle> model,
                              int batchSize, Integer partitions) {
        if (batchSize < 1) throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        if (partitions != null && partitions < 1) throw new IllegalArgumentException("the partitions must be at least 1, got " + partitions);
        JavaRDD<Row> rows = table.javaRDD().filter(r -> !layout.isHeader(r));
        JavaRDD<Tuple2<Row, Long>> numbered = layout.numbersRows()
                ? rows.zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2() + 1))
                : rows.map(r -> new Tuple2<>(r, 0L));
        if (partitions != null) numbered = numbered.repartition(partitions);
        JavaRDD<Row> predictions = numbered.mapPartitions(
                partition -> new PartitionScorer(partition, layout, model.value(), batchSize));
        return spark.createDataFrame(predictions, PredictionColumns.scoringSchema(layout.labelled()));
    }

    /** A partition's predictions, made a batch at a time as they are read. */
    private static final class PartitionScorer implements Iterator<Row> {
        private final Iterator<Tuple2<Row, Long>> input;
        private final PixelLayout layout;
        private final DigitRecognizer recognizer;
        private final ImagePreprocessor preprocessor;
        private final int batchSize;
        private final ArrayDeque<Row> ready = new ArrayDeque<>();

        PartitionScorer(Iterator<Tuple2<Row, Long>> input, PixelLayout layout, ModelBundle bundle, int batchSize) {
            this.input = input;
            this.layout = layout;
            this.recognizer = ExecutorModels.get(bundle);
            this.preprocessor = recognizer.preprocessor();
            this.batchSize = batchSize;
        }

        @Override
        public boolean hasNext() {
            if (ready.isEmpty() && input.hasNext()) scoreNextBatch();
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.poll();
        }

        private void scoreNextBatch() {
            List<PixelLayout.Digit> batch = new ArrayList<>(batchSize);
            List<float[]> good = new ArrayList<>(batchSize);
            while (batch.size() < batchSize && input.hasNext()) {
                Tuple2<Row, Long> next = input.next();
                PixelLayout.Digit digit = layout.read(next._1(), next._2(), preprocessor);
                batch.add(digit);
                if (digit.error() == null) good.add(digit.pixels());
            }
            Iterator<Prediction> predictions = good.isEmpty() ? List.<Prediction>of().iterator()
                    : recognizer.predictBatch(good).iterator();
            String modelId = recognizer.modelId();
            for (PixelLayout.Digit digit : batch) {
                Prediction p = digit.error() == null ? predictions.next() : null;
                List<Object> values = new ArrayList<>(7);
                values.add(digit.id());
                values.addAll(Arrays.asList(PredictionColumns.values(p, modelId, digit.error())));
                if (layout.labelled()) values.add(digit.label());
                ready.add(RowFactory.create(values.toArray()));
            }
        }
    }
}
