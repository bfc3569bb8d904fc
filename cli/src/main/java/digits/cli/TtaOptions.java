package digits.cli;

import digits.model.ModelDescriptor;
import digits.model.TtaViews;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.function.Function;

/** Test-time augmentation options, shared by {@code evaluate} and {@code predict}. */
public final class TtaOptions {
    @Option(names = "--tta", description = "Test-time augmentation: average each image's probabilities with those of "
            + "copies shifted by one pixel and, for models trained with --augment, slightly turned and magnified ones "
            + "(17 views in all; slower by as much).")
    boolean enabled;

    @Mixin
    TtaViewOptions views;

    /** Picks the views from the loaded models' descriptors; none without --tta. */
    public Function<List<ModelDescriptor>, TtaViews> chooser() {
        views.views(true); // checked even without --tta, so a value out of range never passes silently
        return models -> enabled ? views.views(TtaViews.augmented(models)) : TtaViews.NONE;
    }

    /** A note for the console, e.g. " with test-time augmentation (8 one-pixel shifts)"; empty for none. */
    public static String describe(TtaViews views) {
        return views.isNone() ? "" : " with test-time augmentation (" + views.describe() + ")";
    }
}
