package digits.spark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code digits-spark ensemble}: train ensemble members or sweep configurations as Spark tasks, one task each. */
@Command(name = "ensemble", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train ensemble members or sweep configurations as Spark tasks, one task each.",
                "Each task trains one model as `digits train` would with the same settings (threads: the task's CPUs, "
                        + "spark.task.cpus) and saves it into DIR/member-i; the driver then writes DIR/ensemble.json, "
                        + "which `digits evaluate`, `predict` and `serve` read. DIR must be a path every executor sees.",
                "  digits-spark ensemble --master local[2] --members 4 --set model=logistic --set epochs=2 -o runs/e",
                "  digits-spark ensemble --master local[2] --config model=logistic --config \"model=mlp hidden=64\" -o runs/m"})
final class EnsembleJob implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SessionOptions session;

    @Option(names = "--members", paramLabel = "N",
            description = "Train N models that differ only in their seed (SEED, SEED+1, ...), as `digits ensemble --members`.")
    Integer members;

    @Option(names = "--config", paramLabel = "SETTINGS",
            description = "One model per --config, its settings (KEY=VALUE, space-separated) over the --set ones.")
    List<String> configs;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A training setting for every model, as `digits train --KEY VALUE` (e.g. --set epochs=2).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "The ensemble directory to write.")
    Path output;

    @Override
    public Integer call() {
        if ((members == null) == (configs == null)) throw new IllegalArgumentException("give either --members N or --config (two or more)");
        List<DistributedTraining.Member> tasks = members != null ? DistributedTraining.seedMembers(settings, members)
                : DistributedTraining.configMembers(settings, configs.stream().map(EnsembleJob::settings).toList());
        try (SessionOptions.Session s = session.open("digits ensemble")) {
            DistributedTraining.Result result = DistributedTraining.train(s.spark(), tasks, output);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%-10s %-14s %6s %8s %12s %13s %9s %s%n", "member", "model", "seed", "threads",
                    "val_accuracy", "test_accuracy", "seconds", "executor");
            for (DistributedTraining.Trained t : result.members()) {
                out.printf(Locale.ROOT, "%-10s %-14s %6d %8d %12s %13s %9.1f %s%n", t.path(), t.name(), t.seed(), t.threads(),
                        fixed(t.valAccuracy()), fixed(t.testAccuracy()), t.trainSeconds(), t.executor());
            }
            Double accuracy = result.metrics() == null ? null : result.metrics().get("test_accuracy");
            out.printf(Locale.ROOT, "Saved ensemble %s (%d members, trained as tasks in %.1f s) to %s%s%n", result.name(),
                    result.members().size(), result.seconds(), output,
                    accuracy == null ? "" : "; test accuracy " + fixed(accuracy));
            out.flush();
        }
        return SparkRunner.OK;
    }

    /** "model=mlp hidden=64,32" as settings by key. */
    static Map<String, String> settings(String config) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String pair : config.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--config '" + config + "': expected KEY=VALUE pairs, got '" + pair + "'");
            s.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return s;
    }

    private static String fixed(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
