package digits.spark;

import digits.api.Prediction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of one prediction, the same for batch scoring and the SQL function: {@code label}, {@code confidence},
 * {@code probabilities} (ten, summing to 1), {@code model} (the model's id) and {@code error} (why a row has no
 * prediction, else null).
 */
final class PredictionColumns {
    static final StructType FIELDS = new StructType()
            .add("label", DataTypes.IntegerType, true)
            .add("confidence", DataTypes.FloatType, true)
            .add("probabilities", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("model", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true);

    private PredictionColumns() {}

    /** The columns' values: of {@code p}, or of a row that has only its {@code error} (p null). */
    static Object[] values(Prediction p, String modelId, String error) {
        if (p == null) return new Object[] {null, null, null, modelId, error};
        Float[] probabilities = new Float[p.probabilities().length];
        for (int i = 0; i < probabilities.length; i++) probabilities[i] = p.probabilities()[i];
        return new Object[] {p.label(), p.confidence(), probabilities, modelId, null};
    }

    /** {@code id}, the prediction's columns, and {@code true_label} when the input has labels. */
    static StructType scoringSchema(boolean labelled) {
        StructType schema = new StructType().add("id", DataTypes.StringType, true);
        for (StructField f : FIELDS.fields()) schema = schema.add(f);
        return labelled ? schema.add("true_label", DataTypes.IntegerType, true) : schema;
    }
}
