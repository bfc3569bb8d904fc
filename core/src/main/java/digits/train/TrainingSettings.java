package digits.train;

import digits.data.DataSources;
import digits.data.augment.AugmentOptions;
import digits.model.Architectures;
import digits.model.Initialization;
import digits.train.optim.OptimizerFactory;
import digits.train.schedule.LearningRateSchedules;

import java.util.List;

import static digits.train.Setting.atLeast;
import static digits.train.Setting.inRange;
import static digits.train.Setting.notNegative;
import static digits.train.Setting.positive;

/**
 * Every setting of a training run, its default and its own check, declared once. {@code digits train}'s options,
 * {@code digits sweep}, the bench's recipes and {@link TrainingRequest.Builder} are all made from this table, in
 * this order. Checks that involve several settings are in {@link TrainingRequest}.
 */
public final class TrainingSettings {
    private TrainingSettings() {}

    // ---- what to train ----
    public static final Setting<String> MODEL = Setting.text("model", Architectures.DEFAULT,
            "The network: " + Architectures.presetHelp() + " (mlp is sized by hidden and dropout)",
            "MODEL", v -> v.isEmpty() ? "must name a preset or a layer spec" : null).withShortName("-m").describedAs(null);
    public static final Setting<String> HIDDEN = Setting.text("hidden", Architectures.DEFAULT_MLP_HIDDEN,
            "Hidden layer sizes of the mlp model, scikit-learn style", "SIZES", v -> {
                Architectures.parseHidden(v);
                return null;
            }).describedAs(null);
    public static final Setting<Double> DROPOUT = Setting.number("dropout", 0.0,
            "Dropout after each hidden layer of the mlp model", inRange(0, 1)).describedAs(null);

    public static final Setting<String> INIT = Setting.text("init", "fan-in",
            "Initial weights: " + String.join(" or ", Initialization.labels()) + " (glorot: Xavier uniform, zero biases, "
                    + "DJL's default; fan-in: uniform in +-1/sqrt(fan_in), PyTorch's default)", "INIT",
            Setting.oneOf(Initialization.labels()));
    public static final Setting<Boolean> DESKEW = Setting.flag("deskew", false,
            "Straighten each digit's slant before the network sees it, in training and in every prediction (the model "
                    + "remembers it)").describedAs(null);

    // ---- data ----
    public static final Setting<String> INPUT = Setting.text("input", DataSources.MNIST_TRAIN,
            "Training data: " + DataSources.INPUT_HELP, "DATA", v -> v.isEmpty() ? "must name the data" : null)
            .withShortName("-i").describedAs(null);
    public static final Setting<String> TEST = Setting.text("test", "auto",
            "Labelled test data evaluated after training: auto (mnist-test when training on MNIST, none for a CSV), "
                    + "none, or data as for input", "DATA", v -> v.isEmpty() ? "must name the data, auto or none" : null)
            .describedAs(null);
    public static final Setting<Integer> LIMIT = Setting.integer("limit", null,
            "Use only the first N training images (quick experiments; default: all)", atLeast(1)).describedAs(null);
    public static final Setting<String> ADD = Setting.text("add", "none",
            "Also train on these labelled digits, e.g. a person's own: none, a `digits serve --user-data` folder or data "
                    + "as for input (never in the validation part)", "DIR", v -> v.isEmpty() ? "must name the data or none" : null)
            .describedAs(null);
    public static final Setting<Integer> ADD_WEIGHT = Setting.integer("add-weight", 10,
            "Copies of each added digit in every epoch: its weight against the input's digits", atLeast(1))
            .describedAs(null);
    public static final Setting<Double> VAL_SPLIT = Setting.number("val-split", 0.1,
            "Fraction of the training data held out for validation, stratified", inRange(0, 1)).describedAs(null);
    public static final Setting<Long> SEED = Setting.longValue("seed", 42L,
            "Random seed: split, shuffling, initialisation, augmentation", v -> null);

    // ---- how long, how fast ----
    public static final Setting<Integer> EPOCHS = Setting.integer("epochs", 3, "Epochs", atLeast(1)).withShortName("-e");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size", 128, "Mini-batch size", atLeast(1))
            .withShortName("-b");
    public static final Setting<String> OPTIMIZER = Setting.text("optimizer", "adam",
            String.join(", ", OptimizerFactory.NAMES), "NAME", Setting.oneOf(OptimizerFactory.NAMES));
    public static final Setting<Double> LEARNING_RATE = Setting.number("lr", 0.005,
            "Learning rate; the peak rate for onecycle", positive()).describedAs("learning_rate");
    public static final Setting<Double> MOMENTUM = Setting.number("momentum", 0.0,
            "Momentum for sgd and rmsprop", inRange(0, 1));
    public static final Setting<Boolean> NESTEROV = Setting.flag("nesterov", false,
            "Nesterov momentum (sgd with momentum > 0)");
    public static final Setting<Double> RHO = Setting.number("rho", 0.9, "RMSprop decay rate", inRange(0, 1));
    public static final Setting<Double> BETA1 = Setting.number("beta1", 0.9, "Adam beta_1", inRange(0, 1))
            .describedAs("beta_1");
    public static final Setting<Double> BETA2 = Setting.number("beta2", 0.999, "Adam beta_2", inRange(0, 1))
            .describedAs("beta_2");
    public static final Setting<Double> EPSILON = Setting.number("eps", 1e-8, "Adam/RMSprop epsilon", positive())
            .describedAs("epsilon");
    public static final Setting<Double> WEIGHT_DECAY = Setting.number("weight-decay", 0.0, "L2 weight decay", notNegative());
    public static final Setting<Double> CLIP_GRADIENT = Setting.number("clip-gradient", 0.0,
            "Clip gradients to [-c, c]; 0 = off", notNegative());
    public static final Setting<String> SCHEDULE = Setting.text("lr-schedule", "onecycle",
            "Learning-rate schedule: " + LearningRateSchedules.summary()
                    + " (`digits train --help-schedules` describes them)", "SCHEDULE",
            v -> v.isEmpty() ? "must name a schedule" : null);

    // ---- regularisation ----
    public static final Setting<Double> LABEL_SMOOTHING = Setting.number("label-smoothing", 0.0, "Label smoothing",
            inRange(0, 1));
    public static final Setting<String> AUGMENT = Setting.text("augment", "none",
            "Random augmentation of training images, never flips: " + AugmentOptions.SUMMARY, "SPEC",
            v -> {
                AugmentOptions.parse(v);
                return null;
            });

    // ---- early stopping ----
    public static final Setting<Boolean> EARLY_STOPPING = Setting.flag("early-stopping", false,
            "Stop when the monitored metric stops improving for patience epochs").describedAs(null);
    public static final Setting<String> MONITOR = Setting.text("monitor", "val_loss",
            "Early-stopping metric: val_loss, val_accuracy, loss, accuracy", "METRIC", v -> {
                Monitor.parse(v);
                return null;
            }).describedAs(null);
    public static final Setting<Integer> PATIENCE = Setting.integer("patience", 3, "Early-stopping patience in epochs",
            atLeast(0)).describedAs(null);
    public static final Setting<Double> MIN_DELTA = Setting.number("min-delta", 0.0,
            "Smallest change that counts as an improvement", notNegative()).describedAs(null);
    public static final Setting<Boolean> RESTORE_BEST = Setting.flag("restore-best", true,
            "With early stopping, keep the best epoch's weights").describedAs(null);

    /** All settings, in the order help lists them. */
    public static final List<Setting<?>> ALL = List.of(MODEL, HIDDEN, DROPOUT, INIT, DESKEW, INPUT, TEST, LIMIT, ADD, ADD_WEIGHT, VAL_SPLIT, SEED,
            EPOCHS, BATCH_SIZE, OPTIMIZER, LEARNING_RATE, MOMENTUM, NESTEROV, RHO, BETA1, BETA2, EPSILON, WEIGHT_DECAY,
            CLIP_GRADIENT, SCHEDULE, LABEL_SMOOTHING, AUGMENT, EARLY_STOPPING, MONITOR, PATIENCE, MIN_DELTA, RESTORE_BEST);

    /** The setting with this key, or null. */
    public static Setting<?> byKey(String key) {
        for (Setting<?> s : ALL) {
            if (s.key().equals(key)) return s;
        }
        return null;
    }

    /** The keys, for help and error messages. */
    public static List<String> keys() {
        return ALL.stream().map(Setting::key).toList();
    }
}
