package digits.cli;

import digits.model.TestTimeAugmentation;
import picocli.CommandLine.Option;

/** Test-time augmentation options, shared by {@code evaluate} and {@code predict}. */
public final class TtaOptions {
    static final int DEFAULT_SHIFTS = 8;

    @Option(names = "--tta", description = "Test-time augmentation: average each image's probabilities with those of "
            + "copies shifted by one pixel (slower by the number of copies + 1).")
    boolean enabled;

    @Option(names = "--tta-shifts", paramLabel = "K", defaultValue = "" + DEFAULT_SHIFTS,
            description = "Shifted copies with --tta: 4 (left, right, up, down) or up to 8 (with diagonals) (default: ${DEFAULT-VALUE}).")
    int shifts;

    /** Shifted copies to average over; 0 without --tta. */
    public int shifts() {
        TestTimeAugmentation.checkShifts(shifts);
        return enabled ? shifts : 0;
    }

    /** A note for the console, e.g. " with test-time augmentation (8 shifts)"; empty without --tta. */
    public String describe() {
        return shifts() == 0 ? "" : " with test-time augmentation (" + shifts() + " shifts)";
    }
}
