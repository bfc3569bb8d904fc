package digits.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One Spark session on {@code local[2]} for every test class in the JVM (starting Spark takes seconds), as
 * {@code digits-spark --master local[2]} runs its jobs; the runner's jobs find it and leave it running.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("digits-spark tests")
                    .config("spark.ui.enabled", false)
                    .config("spark.sql.shuffle.partitions", 2)
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }
}
