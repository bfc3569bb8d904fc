package digits.cli;

import digits.api.PairData;
import digits.api.PairModels;
import digits.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code digits pairs}: the training data of the pair models that read touching digits whole. */
@Command(name = "pairs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write pairs and single digits to train the number reader.",
                "Writes touching pairs of MNIST training digits as IDX files for `digits read --pair-model`.",
                "Each pair is a 2-digit touching number made as the test numbers are (docs/numbers.md), normalised as the "
                        + "reader normalises a candidate for the pair models; the same images are written twice, labelled "
                        + "with the left digit and with the right digit, and a third time with as many single digits "
                        + "(label 1: a pair, 0: one digit). Then train the three models and read with them:",
                "",
                "  digits pairs -o runs/pair-data",
                "  digits train --input runs/pair-data/" + PairData.LEFT_IMAGES + " --test none --epochs 6 -o runs/pairs/" + PairModels.LEFT,
                "  digits train --input runs/pair-data/" + PairData.RIGHT_IMAGES + " --test none --epochs 6 -o runs/pairs/" + PairModels.RIGHT,
                "  digits train --input runs/pair-data/" + PairData.WHICH_IMAGES + " --test none --epochs 6 -o runs/pairs/" + PairModels.WHICH,
                "  digits read --pair-model runs/pairs number.png",
                "",
                "The single digits are also written normalised as the reader normalises a digit, labelled with their "
                        + "digit: added to a digit model's training, they teach it the test numbers' slanted, scaled and "
                        + "thinned digits (docs/numbers.md):",
                "",
                "  digits train --epochs 6 --augment default --label-smoothing 0.1 --val-split 0 --add runs/pair-data/"
                        + PairData.SINGLES_IMAGES + " --add-weight 5 -o runs/number-digits",
                "  digits read --model runs/number-digits --pair-model runs/pairs number.png",
                ""})
public final class PairsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output-dir"}, required = true, paramLabel = "DIR", description = "Directory to write to (created if missing).")
    Path outputDir;

    @Option(names = "--count", paramLabel = "N", defaultValue = "120000", description = "Pairs to make (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the first pair; the next ones follow (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (count < 1 || count > 1_000_000) throw new IllegalArgumentException("--count must be between 1 and 1000000, got " + count);
        AtomicFiles.checkDirectory(outputDir);
        PrintWriter out = spec.commandLine().getOut();
        PairData.Pairs pairs = PairData.make(count, seed, made -> {
            if (made % 10_000 == 0 || made == count) {
                out.printf("%,d of %,d pairs%n", made, count);
                out.flush();
            }
        });
        for (Path file : PairData.write(pairs, outputDir)) out.println("wrote " + file);
        out.flush();
        return ExitCodes.OK;
    }
}
