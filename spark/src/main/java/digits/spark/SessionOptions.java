package digits.spark;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * {@code --master}: where the job runs. Under {@code spark-submit} leave it out (spark-submit's own --master and
 * --conf settings apply); with plain {@code java}, {@code --master local[2]} runs it in this JVM on two cores.
 */
final class SessionOptions {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[2] (default: the one spark-submit sets).")
    String master;

    /** A session, and whether this command started it (and so stops it). */
    record Session(SparkSession spark, boolean started) implements AutoCloseable {
        @Override
        public void close() {
            if (started) spark.stop();
        }
    }

    Session open(String appName) {
        boolean existing = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        if (master != null) builder.master(master);
        SparkSession spark = builder.getOrCreate();
        if (!existing) spark.sparkContext().setLogLevel("WARN");
        return new Session(spark, !existing);
    }
}
