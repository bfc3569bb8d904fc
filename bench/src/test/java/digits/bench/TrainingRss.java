package digits.bench;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.data.StratifiedSplit;
import digits.model.Architectures;
import digits.model.DigitModel;
import digits.model.EngineSetup;
import digits.model.ModelSpec;
import digits.train.EpochStats;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import digits.train.TrainingListener;
import digits.train.TrainingLoop;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Trains a model for many epochs and records the process's RSS after each one: native memory that leaks per batch
 * (tensors never closed) makes the RSS climb epoch after epoch, while a healthy run levels off after the first.
 * <pre>java ... digits.bench.TrainingRss --model mlp --hidden 128 --epochs 20 --limit 10000</pre>
 */
@Command(name = "training-rss", mixinStandardHelpOptions = true,
        description = "Train N epochs and print this process's RSS after each epoch.")
public final class TrainingRss implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", description = "Architecture, as for `digits train` (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden sizes for --model mlp (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--limit", defaultValue = "10000", description = "Training images (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--threads", defaultValue = "2", description = "Engine threads (default: ${DEFAULT-VALUE}).")
    int threads;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingRss()).execute(args));
    }

    @Override
    public Integer call() {
        EngineSetup.threads(threads);
        ModelSpec spec = Architectures.resolve(model, model.equalsIgnoreCase("mlp") ? hidden : null, 0);
        System.out.printf(Locale.ROOT, "Training %s on %,d MNIST images for %d epochs, %d threads%n", spec, limit, epochs, threads);
        System.out.println(MemorySample.header("epoch"));
        List<MemorySample> samples = run(spec, MnistFiles.train().head(limit), TrainingRequest.defaults().with(TrainingSettings.EPOCHS, epochs),
                sample -> System.out.println(sample.row()));
        System.out.printf(Locale.ROOT, "Before training: RSS %s. From epoch 1 to %d: %s. Peak RSS %s%n",
                RssProbe.format(samples.get(0).rssBytes()), epochs, MemorySample.growth(samples, 1),
                RssProbe.format(RssProbe.peakRssBytes()));
        return 0;
    }

    /** Trains and samples memory before training and after every epoch; {@code onSample} sees each as it is taken. */
    public static List<MemorySample> run(ModelSpec spec, Dataset data, TrainingRequest config,
                                         java.util.function.Consumer<MemorySample> onSample) {
        StratifiedSplit split = StratifiedSplit.split(data, 0.1, config.seed());
        List<MemorySample> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (DigitModel net = DigitModel.create(spec)) {
            samples.add(MemorySample.take("before", 0));
            onSample.accept(samples.get(0));
            new TrainingLoop(net, config, new TrainingListener() {
                @Override
                public void onEpochEnd(EpochStats stats, int epochs) {
                    MemorySample s = MemorySample.take(Integer.toString(stats.epoch()), (System.nanoTime() - start) / 1e9);
                    samples.add(s);
                    onSample.accept(s);
                }
            }).fit(split.train(), split.validation());
        }
        return samples;
    }
}
