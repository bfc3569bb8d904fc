package digits.cli;

import digits.api.PairModels;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --pair-model DIR}: the pair models that read touching digit pairs whole; shared by {@code read} and {@code serve}. */
public final class PairModelOption {
    @Option(names = "--pair-model", paramLabel = "DIR",
            description = "Also read touching pairs whole with the pair models in DIR (its left/, right/ and which/ model "
                    + "directories, made with `digits pairs` and `digits train`; see docs/numbers.md).")
    Path dir;

    /** The pair models, or null when none were asked for; a bad directory throws with one line naming it. */
    PairModels load() {
        return dir == null ? null : PairModels.load(dir);
    }
}
