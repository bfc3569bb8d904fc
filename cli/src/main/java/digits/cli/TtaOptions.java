package digits.cli;

import digits.api.ModelDescription;
import digits.api.Tta;
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

    /** Picks the views from the loaded models' descriptions; none without --tta. */
    public Function<List<ModelDescription>, Tta> chooser() {
        views.views(true); // checked even without --tta, so a value out of range never passes silently
        return models -> enabled ? tta(views.views(models.stream().allMatch(ModelDescription::trainedWithAugmentation))) : Tta.NONE;
    }

    private static Tta tta(TtaViews views) {
        return new Tta(views.shifts(), views.rotations(), views.zooms());
    }

    /** A note for the console, e.g. " with test-time augmentation (8 one-pixel shifts)"; empty for none. */
    public static String describe(Tta tta) {
        return tta.isNone() ? "" : " with test-time augmentation (" + tta.describe() + ")";
    }
}
