package digits.cli;

import digits.data.augment.AugmentOptions;
import digits.model.Architectures;
import digits.train.schedule.LearningRateSchedules;

import java.util.ListResourceBundle;

/**
 * Help text generated from core's own tables, for picocli annotations, which take only compile-time constants.
 *
 * <p>The mechanism: {@link Main#commandLine()} sets this bundle on the root command, and picocli hands it down to every
 * subcommand and mixin (those of the bench module too). A description then writes {@code ${bundle:KEY}} and picocli
 * puts the text in when it prints the help, e.g.
 * {@code @Option(names = "--model", description = "${bundle:generated.models} (default: ${DEFAULT-VALUE}).")}.
 * The keys start with {@code generated.} so that they never match the keys picocli looks up on its own (option names,
 * {@code usage.*}). A command used outside {@code Main} has no bundle and shows "null" instead of the list.
 */
public final class GeneratedHelp extends ListResourceBundle {
    /** "logistic, mlp, kaggle-cnn, ..., or a layer spec such as 32C3-P-128-10": {@link Architectures#presetHelp()}. */
    public static final String MODELS = "generated.models";
    /** "logistic, mlp, kaggle-cnn, ...": the preset names alone, {@link Architectures#presetNames()}. */
    public static final String PRESETS = "generated.presets";
    /** The {@code --augment} items, one line: {@link AugmentOptions#SUMMARY}. */
    public static final String AUGMENT = "generated.augment";
    /** The {@code --lr-schedule} forms, one line: {@link LearningRateSchedules#summary()}. */
    public static final String SCHEDULES = "generated.schedules";

    @Override
    protected Object[][] getContents() {
        return new Object[][] {
                {MODELS, Architectures.presetHelp()},
                {PRESETS, String.join(", ", Architectures.presetNames())},
                {AUGMENT, AugmentOptions.SUMMARY},
                {SCHEDULES, LearningRateSchedules.summary()},
        };
    }
}
