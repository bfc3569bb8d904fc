package digits.cli;

import digits.model.TtaViews;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.util.List;

/** Which copies test-time augmentation averages over; shared by {@code evaluate}, {@code predict} and {@code bench}. */
public final class TtaViewOptions {
    @Option(names = "--tta-shifts", paramLabel = "K", defaultValue = "" + TtaViews.MAX_SHIFTS,
            description = "One-pixel shifts: 0, 4 (left, right, up, down) or up to 8 (with diagonals) (default: ${DEFAULT-VALUE}).")
    int shifts;

    @Option(names = "--tta-rotations", paramLabel = "DEG", split = ",", converter = ValueOrNone.class,
            description = "Turns by +DEG and -DEG degrees for each value, or none (default: 3,6 for models trained with "
                    + "--augment, none for others).")
    List<Double> rotations;

    @Option(names = "--tta-zooms", paramLabel = "F", split = ",", converter = ValueOrNone.class,
            description = "Zooms by 1-F and 1+F for each value, or none (default: 0.05,0.1 for models trained with "
                    + "--augment, none for others).")
    List<Double> zooms;

    /**
     * The views asked for, the defaults chosen by how the model was trained; throws IllegalArgumentException, with the
     * rule, for a value out of range.
     */
    public TtaViews views(boolean trainedWithAugmentation) {
        return new TtaViews(shifts, orDefault(rotations, trainedWithAugmentation ? TtaViews.DEFAULT_ROTATIONS : List.of()),
                orDefault(zooms, trainedWithAugmentation ? TtaViews.DEFAULT_ZOOMS : List.of()));
    }

    private static List<Double> orDefault(List<Double> given, List<Double> otherwise) {
        return given == null ? otherwise : given.stream().filter(v -> !Double.isNaN(v)).toList();
    }

    /** A number, or "none", read as NaN and dropped (picocli converts each list item on its own). */
    static final class ValueOrNone implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if ("none".equalsIgnoreCase(value.strip())) return Double.NaN;
            double v;
            try {
                v = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a number or none");
            }
            // NaN stands for "none" here: a NaN typed by the user must not pass as one.
            if (!Double.isFinite(v)) throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a finite number");
            return v;
        }
    }
}
