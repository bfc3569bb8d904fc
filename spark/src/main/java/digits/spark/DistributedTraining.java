package digits.spark;

import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.io.AtomicFiles;
import digits.model.Ensemble;
import digits.model.EnsembleDescriptor;
import digits.model.EnsembleStore;
import digits.model.Versions;
import digits.train.InvalidSettingException;
import digits.train.TrainingData;
import digits.train.TrainingJob;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the members of an ensemble as Spark tasks, one task per member, and combines them into an ensemble directory
 * that {@code digits evaluate / predict / serve} read as they read one written by {@code digits ensemble}.
 * Each task trains with {@link TrainingJob} exactly as {@code digits train} would with the same settings and saves its
 * model directory ({@code member-i}) with the same atomic save; the driver writes {@code ensemble.json} last, once every
 * member is whole. The ensemble directory must be one path that the driver and every executor see (a shared mount).
 *
 * <p>An executor trains one member at a time, with all its cores: DJL's PyTorch engine lets one training collect
 * gradients per JVM at a time. Members run side by side on different executors.
 */
public final class DistributedTraining {
    static final String MEMBER_PREFIX = "member-";
    /** Held while a member trains: the engine's gradient collector is one per JVM. */
    private static final Object ONE_TRAINING_PER_JVM = new Object();

    private DistributedTraining() {}

    /** One task's work: a member's training settings (by setting key, as {@code digits train --KEY VALUE}). */
    record Member(String path, Map<String, String> settings) implements Serializable {
        TrainingRequest request() {
            TrainingRequest.Builder builder = TrainingRequest.builder();
            settings.forEach(builder::parse);
            return builder.build();
        }
    }

    /** What a task reports back: the member's metrics and its test probabilities (null without test data). */
    record Trained(String path, String name, long seed, Double valAccuracy, Double testAccuracy, double trainSeconds,
                   int threads, String executor, float[] testProbabilities) implements Serializable {}

    /** The trained ensemble: the members' reports (in member order) and the ensemble's test metrics (null without). */
    public record Result(Path directory, String name, List<Trained> members, Map<String, Double> metrics, double seconds) {}

    /**
     * The members of a seed ensemble: {@code count} copies of {@code settings}, member i with seed SEED+i-1, as
     * {@code digits ensemble --members} trains them.
     */
    static List<Member> seedMembers(Map<String, String> settings, int count) {
        if (count < 2) throw new IllegalArgumentException("--members must be at least 2, got " + count);
        long seed = new Member("", settings).request().seed();
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, String> s = new LinkedHashMap<>(settings);
            s.put(TrainingSettings.SEED.key(), Long.toString(seed + i));
            members.add(new Member(MEMBER_PREFIX + (i + 1), s));
        }
        return members;
    }

    /** The members of a sweep: one per configuration, each the common settings with the configuration's over them. */
    static List<Member> configMembers(Map<String, String> settings, List<Map<String, String>> configs) {
        if (configs.size() < 2) throw new IllegalArgumentException("an ensemble needs at least 2 configurations, got " + configs.size());
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Map<String, String> s = new LinkedHashMap<>(settings);
            s.putAll(configs.get(i));
            members.add(new Member(MEMBER_PREFIX + (i + 1), s));
        }
        return members;
    }

    /**
     * Trains the members as tasks and writes the ensemble into {@code dir}. Every member's settings are checked on
     * the driver first, and the directory too, so a mistake is reported before any task starts.
     */
    public static Result train(SparkSession spark, List<Member> members, Path dir) {
        List<TrainingRequest> requests = new ArrayList<>();
        for (Member m : members) {
            try {
                requests.add(m.request());
            } catch (InvalidSettingException e) {
                throw new IllegalArgumentException(m.path() + ": " + e.getMessage(), e);
            }
        }
        AtomicFiles.checkDirectory(dir);
        EnsembleStore.checkNotModelDirectory(dir);
        EnsembleStore.withdraw(dir);
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String directory = dir.toAbsolutePath().toString();
        List<Trained> trained = jsc.parallelize(members, members.size())
                .map(m -> trainMember(m, Path.of(directory)))
                .collect();
        double seconds = (System.nanoTime() - start) / 1e9;

        Dataset test = TrainingData.testData(requests.get(0));
        Map<String, Double> metrics = test == null || trained.stream().anyMatch(t -> t.testProbabilities() == null)
                ? null : testMetrics(test, trained);
        String name = EnsembleDescriptor.defaultName(trained.stream().map(Trained::name).toList());
        List<EnsembleDescriptor.Member> listed = trained.stream().map(t -> new EnsembleDescriptor.Member(t.path(), null)).toList();
        EnsembleStore.save(EnsembleDescriptor.of(name, listed, metrics, Versions.all(), Instant.now().toString()), dir);
        return new Result(dir, name, trained, metrics, seconds);
    }

    /** Runs on an executor: trains one member and saves it into its directory inside the ensemble directory. */
    private static Trained trainMember(Member member, Path ensembleDir) {
        synchronized (ONE_TRAINING_PER_JVM) {
            return trainAlone(member, ensembleDir);
        }
    }

    private static Trained trainAlone(Member member, Path ensembleDir) {
        int threads = TaskEngine.useExecutorCores();
        TrainingRequest request = member.request();
        TrainingJob.Outcome outcome = new TrainingJob(request, TrainingData.load(request))
                .saveTo(ensembleDir.resolve(member.path())).run();
        Map<String, Double> m = outcome.descriptor().metrics();
        SparkEnv env = SparkEnv.get();
        return new Trained(member.path(), request.modelName(), request.seed(), m.get("val_accuracy"),
                outcome.testEvaluation() == null ? null : outcome.testEvaluation().accuracy(), outcome.trainSeconds(),
                threads, env == null ? "?" : env.executorId(), outcome.testProbabilities());
    }

    /** The ensemble's metrics as {@code digits ensemble} records them: its test loss and accuracy, the members'. */
    private static Map<String, Double> testMetrics(Dataset test, List<Trained> trained) {
        double[] weights = new double[trained.size()];
        Arrays.fill(weights, 1);
        Evaluation ensemble = Evaluation.of(test.labels(),
                Ensemble.average(trained.stream().map(Trained::testProbabilities).toList(), weights));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_loss", ensemble.loss());
        metrics.put("test_accuracy", ensemble.accuracy());
        metrics.put("member_mean_test_accuracy", trained.stream().mapToDouble(Trained::testAccuracy).average().orElse(Double.NaN));
        metrics.put("member_best_test_accuracy", trained.stream().mapToDouble(Trained::testAccuracy).max().orElse(Double.NaN));
        return metrics;
    }
}
