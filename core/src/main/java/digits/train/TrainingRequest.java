package digits.train;

import digits.data.augment.AugmentOptions;
import digits.model.Architectures;
import digits.model.Initialization;
import digits.model.MemoryEstimate;
import digits.model.ModelSpec;
import digits.train.schedule.LearningRateSchedule;
import digits.train.schedule.LearningRateSchedules;
import digits.train.schedule.ReduceOnPlateau;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import static digits.train.TrainingSettings.*;

/**
 * Everything that decides a training run: the model, the data, and how it is trained, one value for each setting of
 * {@link TrainingSettings}, every one checked, and the checks between them made. Immutable; build one with
 * {@link #builder()}:
 * <pre>{@code
 * TrainingRequest request = TrainingRequest.builder()
 *         .set(TrainingSettings.MODEL, "wide-cnn")
 *         .set(TrainingSettings.EPOCHS, 24)
 *         .parse("augment", "default,elastic=1.5")
 *         .build();
 * }</pre>
 * Command lines, sweeps and recipes parse into it with {@link Builder#parse}; its {@link #toString()} is the recipe
 * of the settings that differ from the defaults ({@code model=wide-cnn,epochs=24,...}).
 */
public final class TrainingRequest {
    private final Map<Setting<?>, Object> values;
    /** The network the model settings name, resolved once (the checks and the job ask for it several times). */
    private ModelSpec spec;

    private TrainingRequest(Map<Setting<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Every setting at its default. */
    public static TrainingRequest defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder(new LinkedHashMap<>());
    }

    /** A builder that starts from this request's values. */
    public Builder toBuilder() {
        return new Builder(new LinkedHashMap<>(values));
    }

    /** This request with one setting changed (and every check made again). */
    public <T> TrainingRequest with(Setting<T> setting, T value) {
        return toBuilder().set(setting, value).build();
    }

    public <T> T get(Setting<T> setting) {
        return setting.cast(values.get(setting));
    }

    // ---- the model ----

    public ModelSpec modelSpec() {
        if (spec == null) spec = Architectures.resolve(get(MODEL), get(HIDDEN), get(DROPOUT));
        return spec;
    }

    public Initialization initialization() {
        return Initialization.parse(get(INIT));
    }

    /** Whether the model straightens its images ({@link digits.data.Deskew}) before its network sees them. */
    public boolean deskew() {
        return get(DESKEW);
    }

    /** A readable name for runs and saved models: the preset name, {@code mlp-256-128} for an mlp, or "custom". */
    public String modelName() {
        String model = get(MODEL);
        if (model.equalsIgnoreCase("mlp")) return "mlp-" + get(HIDDEN).replaceAll("[,\\s]+", "-");
        return model.matches("[A-Za-z-]+") ? model.toLowerCase(Locale.ROOT) : "custom";
    }

    // ---- the data ----

    public String input() {
        return get(INPUT);
    }

    public String test() {
        return get(TEST);
    }

    /** Train on the first N images only; null for all. */
    public Integer limit() {
        return get(LIMIT);
    }

    /** The labelled digits its {@code add} setting names to train on as well, or null for none. */
    public Path added() {
        String add = get(ADD);
        return add.equalsIgnoreCase("none") ? null : Path.of(add);
    }

    public double valSplit() {
        return get(VAL_SPLIT);
    }

    public long seed() {
        return get(SEED);
    }

    // ---- how it is trained ----

    public int epochs() {
        return get(EPOCHS);
    }

    public int batchSize() {
        return get(BATCH_SIZE);
    }

    public String optimizer() {
        return get(OPTIMIZER).toLowerCase(Locale.ROOT);
    }

    public double learningRate() {
        return get(LEARNING_RATE);
    }

    public double momentum() {
        return get(MOMENTUM);
    }

    public boolean nesterov() {
        return get(NESTEROV);
    }

    public double rho() {
        return get(RHO);
    }

    public double beta1() {
        return get(BETA1);
    }

    public double beta2() {
        return get(BETA2);
    }

    public double epsilon() {
        return get(EPSILON);
    }

    public double weightDecay() {
        return get(WEIGHT_DECAY);
    }

    public double clipGradient() {
        return get(CLIP_GRADIENT);
    }

    public String schedule() {
        return get(SCHEDULE);
    }

    public double labelSmoothing() {
        return get(LABEL_SMOOTHING);
    }

    public String augment() {
        return get(AUGMENT);
    }

    /** The augmentation, or null when off. */
    public AugmentOptions augmentation() {
        AugmentOptions options = AugmentOptions.parse(augment());
        return options.isIdentity() ? null : options;
    }

    public boolean earlyStopping() {
        return get(EARLY_STOPPING);
    }

    public String monitor() {
        return get(MONITOR);
    }

    public int patience() {
        return get(PATIENCE);
    }

    public double minDelta() {
        return get(MIN_DELTA);
    }

    public boolean restoreBest() {
        return get(RESTORE_BEST);
    }

    /**
     * How the model was trained, for its descriptor and reports: the settings that have a descriptor name, with
     * Keras-like names; the optimizer's own hyper-parameters only; early stopping as one entry when on.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Setting<?> s : ALL) {
            if (s.descriptorName() == null || !recorded(s)) continue;
            m.put(s.descriptorName(), s == AUGMENT ? AugmentOptions.parse(augment()).spec() : values.get(s));
        }
        if (earlyStopping()) {
            m.put("early_stopping", Map.of("monitor", monitor(), "patience", patience(), "min_delta", minDelta(),
                    "restore_best_weights", restoreBest()));
        }
        return m;
    }

    /** Whether a setting matters for this run (an optimizer's hyper-parameters matter only for that optimizer). */
    private boolean recorded(Setting<?> s) {
        String optimizer = optimizer();
        if (s == MOMENTUM) return optimizer.equals("sgd") || optimizer.equals("rmsprop");
        if (s == NESTEROV) return optimizer.equals("sgd");
        if (s == RHO) return optimizer.equals("rmsprop");
        if (s == BETA1 || s == BETA2) return optimizer.startsWith("adam");
        if (s == EPSILON) return !optimizer.equals("sgd");
        if (s == CLIP_GRADIENT) return clipGradient() > 0;
        return true;
    }

    /**
     * Every setting that shapes the trained weights, by key, with its value as a recipe writes it (the test data is
     * not one): what a checkpoint records, so that only the same run continues it.
     */
    public Map<String, String> trainingSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting<?> s : ALL) {
            if (s != TEST) m.put(s.key(), values.get(s) == null ? "" : format(s, values.get(s)));
        }
        return m;
    }

    /** The settings that differ from the defaults, as a recipe: {@code model=wide-cnn,epochs=24}. */
    @Override
    public String toString() {
        StringJoiner recipe = new StringJoiner(",");
        for (Setting<?> s : ALL) {
            Object value = values.get(s);
            if (value != null && !value.equals(s.defaultValue())) recipe.add(s.key() + "=" + format(s, value));
        }
        return recipe.toString();
    }

    private static <T> String format(Setting<T> s, Object value) {
        return s.format(s.cast(value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingRequest r && r.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Collects settings, each checked as it is set; {@link #build()} fills in defaults and checks them together. */
    public static final class Builder {
        private final Map<Setting<?>, Object> values;
    /** The network the model settings name, resolved once (the checks and the job ask for it several times). */
    private ModelSpec spec;

        private Builder(Map<Setting<?>, Object> values) {
            this.values = values;
        }

        public <T> Builder set(Setting<T> setting, T value) {
            values.put(setting, setting.validate(setting.cast(value)));
            return this;
        }

        /** Sets several at once, e.g. a front end's own defaults. */
        public Builder setAll(Map<Setting<?>, ?> settings) {
            settings.forEach((s, v) -> values.put(s, validated(s, v)));
            return this;
        }

        /** Sets a setting from its text form, by key ({@code "batch-size"}, {@code "128"}). */
        public Builder parse(String key, String text) {
            Setting<?> setting = byKey(key);
            if (setting == null) {
                throw new InvalidSettingException(key, "is not a training setting (known: " + String.join(", ", keys()) + ")");
            }
            values.put(setting, setting.parse(text));
            return this;
        }

        public TrainingRequest build() {
            Map<Setting<?>, Object> all = new LinkedHashMap<>();
            for (Setting<?> s : ALL) all.put(s, values.containsKey(s) ? values.get(s) : s.defaultValue());
            TrainingRequest request = new TrainingRequest(all);
            checkTogether(request);
            return request;
        }

        private static <T> T validated(Setting<T> s, Object v) {
            return s.validate(s.cast(v));
        }

        /** The checks that involve several settings, so nothing fails after the data is loaded. */
        private static void checkTogether(TrainingRequest r) {
            try {
                r.modelSpec();
            } catch (InvalidSettingException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(MODEL.key(), e.getMessage(), true);
            }
            // A batch is never larger than the data; with a limit, that bounds it before the data is read.
            int batch = r.limit() == null ? r.batchSize() : Math.min(r.batchSize(), r.limit());
            String tooLarge = MemoryEstimate.tooLargeToTrain(r.modelSpec(), batch);
            if (tooLarge != null) throw new InvalidSettingException(MODEL.key(), tooLarge, true);
            if (r.batchSize() == 1 && r.modelSpec().hasBatchNorm()) {
                throw new InvalidSettingException(BATCH_SIZE.key(), "1 can't train " + r.get(MODEL) + ": batch "
                        + "normalisation needs at least 2 images per batch", false);
            }
            LearningRateSchedule schedule;
            try {
                schedule = LearningRateSchedules.parse(r.schedule(), r.learningRate(), r.epochs());
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(SCHEDULE.key(), e.getMessage(), true);
            }
            if (r.nesterov() && !r.optimizer().equals("sgd")) {
                throw new InvalidSettingException(NESTEROV.key(), "applies only to the sgd optimizer, not " + r.optimizer());
            }
            if (r.nesterov() && r.momentum() == 0) {
                throw new InvalidSettingException(NESTEROV.key(), "needs momentum > 0");
            }
            boolean validating = r.valSplit() > 0;
            if (!validating && schedule instanceof ReduceOnPlateau && schedule.monitor().needsValidation()) {
                throw new InvalidSettingException(SCHEDULE.key(), r.schedule() + " monitors " + schedule.monitor()
                        + ", which needs a validation split (val-split > 0)");
            }
            if (!validating && r.earlyStopping() && Monitor.parse(r.monitor()).needsValidation()) {
                throw new InvalidSettingException(MONITOR.key(), r.monitor() + " for early stopping needs a validation "
                        + "split (val-split > 0)");
            }
        }
    }
}
