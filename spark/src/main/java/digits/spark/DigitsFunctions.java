package digits.spark;

import digits.api.DigitRecognizer;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import scala.collection.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Spark SQL function {@code digits_predict(pixels)}: an array of 784 grey levels (0 to the largest pixel value
 * given at registration, 255 for Kaggle's data) in, a struct {@code (label, confidence, probabilities, model, error)}
 * out, e.g. {@code SELECT id, digits_predict(pixels).label FROM digits}. A bad array gives a struct with only its
 * error set. One row per call: for whole tables, batch scoring ({@link BatchScoring}) is faster.
 */
public final class DigitsFunctions {
    public static final String PREDICT = "digits_predict";

    private DigitsFunctions() {}

    /** Registers {@code digits_predict} in the session, predicting with the broadcast model. */
    public static void register(SparkSession spark, Broadcast<ModelBundle> model, double pixelMax) {
        PixelLayout.checkPixelMax(pixelMax);
        UDF1<Seq<Object>, Row> predict = pixels -> {
            DigitRecognizer recognizer = ExecutorModels.get(model.value());
            try {
                float[] image = PixelLayout.fromValues(pixels == null ? null : CollectionConverters.asJava(pixels), pixelMax);
                return RowFactory.create(PredictionColumns.values(recognizer.predict(image), recognizer.modelId(), null));
            } catch (PixelLayout.BadRow e) {
                return RowFactory.create(PredictionColumns.values(null, recognizer.modelId(), e.getMessage()));
            }
        };
        spark.udf().register(PREDICT, predict, PredictionColumns.FIELDS);
    }
}
