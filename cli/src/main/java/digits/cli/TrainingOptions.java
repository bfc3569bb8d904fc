package digits.cli;

import digits.data.DataSources;
import digits.data.Dataset;
import digits.train.TrainingConfig;
import digits.train.optim.OptimizerFactory;
import digits.train.schedule.LearningRateSchedules;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The options that say what to train on and how: data, epochs, optimizer, schedule, regularisation, validation split,
 * seed and early stopping. A picocli mixin, so every command that trains ({@code ensemble}; {@code train} can adopt it)
 * offers the same flags with the same defaults.
 */
public final class TrainingOptions {
    @Option(names = {"-i", "--input"}, defaultValue = DataSources.MNIST_TRAIN,
            description = "Training data: " + DataSources.INPUT_HELP + " (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--test", defaultValue = "auto",
            description = "Test data evaluated after training: auto (mnist-test when training on MNIST, none for a CSV), "
                    + "none, or an input like --input (default: ${DEFAULT-VALUE}).")
    String test;

    @Option(names = "--limit", description = "Use only the first N training images (quick experiments).")
    Integer limit;

    @Option(names = {"-e", "--epochs"}, defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "adam, adamw, sgd or rmsprop (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.005",
            description = "Learning rate; the peak rate for onecycle (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum for sgd and rmsprop (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--nesterov", description = "Nesterov momentum (sgd with --momentum > 0).")
    boolean nesterov;

    @Option(names = "--rho", defaultValue = "0.9", description = "RMSprop decay rate (default: ${DEFAULT-VALUE}).")
    double rho;

    @Option(names = "--beta1", defaultValue = "0.9", description = "Adam beta_1 (default: ${DEFAULT-VALUE}).")
    double beta1;

    @Option(names = "--beta2", defaultValue = "0.999", description = "Adam beta_2 (default: ${DEFAULT-VALUE}).")
    double beta2;

    @Option(names = "--eps", defaultValue = "1e-8", description = "Adam/RMSprop epsilon (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-gradient", defaultValue = "0", description = "Clip gradients to [-c, c]; 0 = off (default: ${DEFAULT-VALUE}).")
    double clipGradient;

    @Option(names = "--lr-schedule", defaultValue = "onecycle",
            description = "constant, step:EVERY:GAMMA, exp:GAMMA, cosine, onecycle, plateau:factor=0.5:patience=2 "
                    + "(see `digits train --help-schedules`; default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--augment", defaultValue = "none", paramLabel = "SPEC",
            description = "Random rotation/zoom/shift of training images, never flips: none, default (rotation=10,zoom=0.1,"
                    + "shift=0.1) or KEY=VALUE items (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--val-split", defaultValue = "0.1",
            description = "Fraction of the training data held out for validation, stratified (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed: split, shuffling, initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--early-stopping", description = "Stop when --monitor stops improving for --patience epochs.")
    boolean earlyStopping;

    @Option(names = "--monitor", defaultValue = "val_loss",
            description = "Early-stopping metric: val_loss, val_accuracy, loss, accuracy (default: ${DEFAULT-VALUE}).")
    String monitor;

    @Option(names = "--patience", defaultValue = "3", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--min-delta", defaultValue = "0", description = "Smallest change that counts as improvement (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--restore-best", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With early stopping, keep the best epoch's weights (default: ${DEFAULT-VALUE}).")
    boolean restoreBest;

    /** The training configuration; checks every option that can be checked before any data is loaded. */
    public TrainingConfig config() {
        if (valSplit < 0 || valSplit >= 1) throw new IllegalArgumentException("--val-split must be in [0,1), got " + valSplit);
        if (!OptimizerFactory.NAMES.contains(optimizer.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("unknown optimizer '" + optimizer + "': use one of " + String.join(", ", OptimizerFactory.NAMES));
        }
        TrainingConfig config = new TrainingConfig(epochs, batchSize, seed, optimizer.toLowerCase(Locale.ROOT), learningRate,
                momentum, nesterov, rho, beta1, beta2, epsilon, weightDecay, clipGradient, schedule, labelSmoothing, monitor,
                earlyStopping ? patience : -1, minDelta, restoreBest, augment);
        LearningRateSchedules.parse(config.schedule(), config.learningRate(), config.epochs());
        return config;
    }

    public long seed() {
        return seed;
    }

    public double valSplit() {
        return valSplit;
    }

    /** The training data, cut to --limit. */
    public Dataset trainingData() {
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        Dataset data = DataSources.load(input);
        return limit != null ? data.head(limit) : data;
    }

    /** The labelled test data of --test, or null for none. */
    public Dataset testData() {
        String t = test.trim();
        if (t.equalsIgnoreCase("none")) return null;
        if (t.equalsIgnoreCase("auto")) {
            return DataSources.isCsv(input) ? null : DataSources.load(DataSources.MNIST_TEST);
        }
        Dataset d = DataSources.load(t);
        if (!d.hasLabels()) throw new IllegalArgumentException("--test " + t + ": test data needs labels");
        return d;
    }
}
