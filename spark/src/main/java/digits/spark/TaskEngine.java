package digits.spark;

import digits.model.EngineSetup;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * The engine's threads in a Spark task. The engine's threads are the JVM's: a setting takes effect before the engine
 * first starts in an executor, and the first task there decides for the rest.
 */
final class TaskEngine {
    private TaskEngine() {}

    /**
     * For scoring: the running task's CPUs ({@code spark.task.cpus}, default 1), so the tasks an executor runs side by
     * side share its cores without oversubscribing them (the whole machine's cores outside a task).
     */
    static int useTaskCpus() {
        TaskContext task = TaskContext.get();
        int threads = task == null ? EngineSetup.defaultThreads() : Math.max(1, task.cpus());
        EngineSetup.threads(threads);
        return threads;
    }

    /**
     * For training, which runs one model at a time per executor (see {@link DistributedTraining}): all the executor's
     * cores ({@code spark.executor.cores}; in local mode, the machine's).
     */
    static int useExecutorCores() {
        SparkEnv env = SparkEnv.get();
        int cores = env == null ? EngineSetup.defaultThreads() : env.conf().getInt("spark.executor.cores", EngineSetup.defaultThreads());
        EngineSetup.threads(cores);
        return cores;
    }
}
