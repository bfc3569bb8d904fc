package digits.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How each section of {@code digits bench} reads on the console. */
public final class BenchTables {
    private BenchTables() {}

    public static final TextTable TRAIN_SPEED = new TextTable("model:10", "batch:5", "steps:5", "img/s:8", "ms/step:8",
            "MFLOP/img:9", "GFLOP/s:7", "% meas. peak:12", "% theor. peak:13");

    public static String peak(PeakFlops.Result measured, MachineInfo.TheoreticalPeak theoretical) {
        return "Peak float32 FLOP/s\n"
                + "  measured:    " + measured.describe() + "\n"
                + "  theoretical: " + (theoretical == null ? "unknown (no clock in /proc/cpuinfo)" : theoretical.describe()) + "\n"
                + "  \"% meas. peak\" below divides by the measured best; \"% theor. peak\" by the theoretical.";
    }

    public static String trainSpeedRow(TrainSpeed.Result r) {
        return TRAIN_SPEED.row(r.model(), r.batchSize(), r.steps(), f("%,.0f", r.imagesPerSecond()), f("%.1f", r.msPerStep()),
                f("%.2f", r.trainingFlops() / 1e6), f("%.1f", r.gflops()), percent(r.percentOfMeasuredPeak()),
                percent(r.percentOfTheoreticalPeak()));
    }

    public static String inference(InferenceSpeed.Result r) {
        InferenceSpeed.Latency l = r.latencyMs();
        return "Inference: " + r.source() + " via " + r.path() + "\n"
                + f("  one image:    median %.3f ms, p99 %.3f ms, mean %.3f ms, min %.3f ms, max %.3f ms "
                        + "(%,d calls after %,d warm-up)",
                l.median(), l.p99(), l.mean(), l.min(), l.max(), r.calls(), r.warmupCalls()) + "\n"
                + f("  batch %,d: %,.0f images/s (median of %d calls, %.1f ms each)", r.batchSize(), r.imagesPerSecond(),
                r.batchRepeats(), r.batchMedianSeconds() * 1e3);
    }

    /** The records: each recipe's final test accuracy and wall time over its seeds. */
    public static String accuracyRecords(List<TimeToAccuracy.Summary> summaries, String clock) {
        int width = summaries.stream().mapToInt(s -> name(s.recipe()).length()).max().orElse(0);
        TextTable table = new TextTable("recipe:" + width, "seeds:5", "final acc mean:14", "min:6", "max:6",
                "seconds mean:12", "min:6", "max:6", "mean w/o TTA:12");
        List<String> lines = new ArrayList<>();
        lines.add("Final test accuracy of each fixed recipe, and the wall time of its run (seconds from "
                + clockName(clock) + ", one test evaluation at the end, with the recipe's test-time augmentation if any)");
        lines.add(table.header());
        for (TimeToAccuracy.Summary s : summaries) {
            lines.add(table.row(name(s.recipe()), s.seeds().size(), f("%.2f%%", 100 * s.meanAccuracy()),
                    f("%.2f%%", 100 * s.minAccuracy()), f("%.2f%%", 100 * s.maxAccuracy()), f("%.1f", s.meanSeconds()),
                    f("%.1f", s.minSeconds()), f("%.1f", s.maxSeconds()),
                    s.meanAccuracyWithoutTta() == null ? "-" : f("%.2f%%", 100 * s.meanAccuracyWithoutTta())));
        }
        return String.join("\n", lines);
    }

    /** Secondary: the epoch and time at which each target was first crossed, per run. */
    public static String timeToAccuracy(List<TimeToAccuracy.Result> results) {
        int width = results.stream().mapToInt(r -> recipeName(r).length()).max().orElse(0);
        TextTable table = new TextTable("recipe:" + width, "seed:4", "target:6", "epoch:5", "seconds:11", "w/o eval:8",
                "final acc:9");
        List<String> lines = new ArrayList<>();
        lines.add("First crossing of each target (secondary: a run stopped there would be chosen by the test set; seconds from "
                + (results.isEmpty() ? "" : clockName(results.get(0).clock())) + ")");
        lines.add(table.header());
        for (TimeToAccuracy.Result r : results) {
            for (TimeToAccuracy.Hit h : r.targets()) {
                lines.add(table.row(recipeName(r), r.seed(), f("%.4f", h.target()), h.epoch(),
                        h.seconds() == null ? "not reached" : f("%.1f", h.seconds()),
                        h.secondsWithoutEval() == null ? null : f("%.1f", h.secondsWithoutEval()), f("%.4f", r.finalAccuracy())));
            }
        }
        return String.join("\n", lines);
    }

    private static String recipeName(TimeToAccuracy.Result r) {
        return name(r.recipe());
    }

    private static String name(String recipe) {
        return recipe.isEmpty() ? "(train defaults)" : recipe;
    }

    private static String clockName(String clock) {
        return switch (clock) {
            case "jvm_start" -> "the start of a fresh JVM per recipe";
            case "section_start" -> "the section's start (data loading included), in this JVM";
            default -> "each recipe's start, in this JVM";
        };
    }

    public static String ensemble(EnsembleRun.Result r) {
        boolean tta = !r.tta().isNone();
        boolean mixed = r.recipes().size() > 1;
        List<String> columns = new ArrayList<>(List.of("members:7"));
        if (mixed) columns.add("member model:12");
        columns.addAll(List.of("member acc:10", "ensemble acc:12"));
        if (tta) columns.add("with TTA:8");
        columns.addAll(List.of("seconds:8", "w/o eval:8"));
        TextTable table = new TextTable(columns.toArray(String[]::new));
        List<String> lines = new ArrayList<>();
        lines.add("Ensemble (" + (mixed ? "recipes in turn: " : "recipe ") + String.join("; ", r.recipes())
                + "; seconds from " + clockName(r.clock())
                + (tta ? "; TTA: " + r.tta().describe() : "") + ")");
        lines.add(table.header());
        for (EnsembleRun.Step s : r.ensemble()) {
            EnsembleRun.Member m = r.members().get(s.members() - 1);
            List<Object> cells = new ArrayList<>(List.of(s.members()));
            if (mixed) cells.add(m.model());
            cells.addAll(List.of(f("%.4f", m.testAccuracy()), f("%.4f", s.testAccuracy())));
            if (tta) cells.add(f("%.4f", s.ttaTestAccuracy()));
            cells.add(f("%.1f", s.seconds()));
            cells.add(f("%.1f", s.secondsWithoutEval()));
            lines.add(table.row(cells.toArray()));
        }
        if (r.rssMaxDeviationPercent() != null) {
            lines.add(f("RSS of member 1 from epoch 2 to %d deviates at most %.1f%% from epoch 2: %s",
                    r.members().get(0).epochs().size(), r.rssMaxDeviationPercent(),
                    r.rssFlat() ? "flat (within " + (int) MemoryRun.FLAT_PERCENT + "%)" : "NOT flat"));
        }
        return String.join("\n", lines);
    }

    public static String memory(MemoryRun.Result r) {
        if (r.maxDeviationPercent() == null) return "Memory: too few epochs (or no /proc/self/status) to judge";
        return f("Memory (%s): RSS from epoch 2 to %d deviates at most %.1f%% from epoch 2: %s", r.model(), r.epochs().size(),
                r.maxDeviationPercent(), r.flat() ? "flat (within " + (int) MemoryRun.FLAT_PERCENT + "%)" : "NOT flat");
    }

    private static String percent(Double p) {
        return p == null ? null : f("%.1f%%", p);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    public static final TextTable CONDITIONS = new TextTable("condition:13", "images:6", "direct:7", "mnist:7", "photo:7",
            "auto:7", "auto chose photo:16");

    /** One condition: accuracy per path (direct pixels, or the preprocessor in each mode). */
    public static String conditionsRow(ConditionsRun.Row r) {
        return CONDITIONS.row(r.condition(), r.images(), percent2(r.direct()), percent2(r.mnist()), percent2(r.photo()),
                percent2(r.auto()), r.autoChosePhoto() == null ? null : f("%.1f%%", 100 * r.autoChosePhoto()));
    }

    private static String percent2(Double fraction) {
        return fraction == null ? null : f("%.2f%%", 100 * fraction);
    }
}
