package digits.bench;

import digits.data.MnistFiles;
import digits.train.EpochStats;
import digits.train.TrainingListener;
import digits.train.TrainingData;
import digits.train.TrainingJob;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Resident memory after each epoch of a training run: a leak of native tensors (a batch not closed, optimizer state
 * kept per step) shows as RSS growing epoch after epoch. Epoch 1 is the baseline's warm-up (allocator pools, JIT);
 * from epoch 2 on the RSS of a leak-free loop stays flat.
 */
public final class MemoryRun {
    /** The largest deviation from epoch 2's RSS, in percent, that still counts as flat. */
    public static final double FLAT_PERCENT = 10;

    private MemoryRun() {}

    public record Epoch(int epoch, long rssBytes, long heapUsedBytes, double seconds) {}

    /**
     * @param maxDeviationPercent largest |RSS(e) - RSS(2)| / RSS(2) over epochs e >= 2, in percent (null with fewer
     *                            than 2 epochs or no /proc)
     * @param flat                maxDeviationPercent <= {@link #FLAT_PERCENT}
     */
    public record Result(String recipe, String model, List<Epoch> epochs, Double maxDeviationPercent, Boolean flat) {}

    public static Result run(Recipe recipe, Consumer<String> progress) {
        TrainingData data = recipe.data(MnistFiles.train());
        List<Epoch> epochs = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochStats stats, int planned) {
                Runtime rt = Runtime.getRuntime();
                Epoch e = new Epoch(stats.epoch(), Rss.bytes(), rt.totalMemory() - rt.freeMemory(), stats.seconds());
                epochs.add(e);
                progress.accept(String.format(Locale.ROOT, "  epoch %d/%d: RSS %.1f MB (Java heap in use %.1f MB)",
                        e.epoch(), planned, e.rssBytes() / 1048576.0, e.heapUsedBytes() / 1048576.0));
            }
        };
        new TrainingJob(recipe.request(), data).listener(listener).run();
        Double deviation = maxDeviation(epochs);
        return new Result(recipe.text(), recipe.modelName(), epochs, deviation,
                deviation == null ? null : deviation <= FLAT_PERCENT);
    }

    static Double maxDeviation(List<Epoch> epochs) {
        if (epochs.size() < 2 || epochs.get(1).rssBytes() <= 0) return null;
        double base = epochs.get(1).rssBytes();
        double max = 0;
        for (Epoch e : epochs.subList(1, epochs.size())) max = Math.max(max, Math.abs(e.rssBytes() - base) / base * 100);
        return max;
    }
}
