package digits.cli;

import digits.api.PairData;
import digits.data.DataSources;
import digits.data.Dataset;
import digits.data.SyntheticNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits pairs}: IDX files of touching pairs of MNIST training digits that {@code digits train --input} reads. */
class PairsCommandTest {
    private final CliRun cli = new CliRun();

    @Test
    void writesTheSamePairsLabelledWithTheLeftAndWithTheRightDigit(@TempDir Path dir) {
        Path out = dir.resolve("pair-data");
        assertThat(cli.run("pairs", "-o", out.toString(), "--count", "30", "--seed", "3")).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("30 of 30 pairs").contains("wrote " + out.resolve(PairData.RIGHT_LABELS))
                .contains("wrote " + out.resolve(PairData.WHICH_LABELS));
        Dataset left = DataSources.load(out.resolve(PairData.LEFT_IMAGES).toString());
        Dataset right = DataSources.load(out.resolve(PairData.RIGHT_IMAGES).toString());
        assertThat(left.size()).isEqualTo(30);
        assertThat(right.pixels()).containsExactly(left.pixels());
        Dataset which = DataSources.load(out.resolve(PairData.WHICH_IMAGES).toString());
        assertThat(which.size()).isEqualTo(60);
        assertThat(which.labelCounts()[1]).isEqualTo(30);
        assertThat(which.labelCounts()[0]).isEqualTo(30);
        Dataset singles = DataSources.load(out.resolve(PairData.SINGLES_IMAGES).toString());
        assertThat(singles.size()).isEqualTo(30);
        SyntheticNumbers training = SyntheticNumbers.fromMnistTraining();
        for (int i = 0; i < 30; i++) {
            String digits = training.generate(3 + i, 2, SyntheticNumbers.Kind.TOUCHING).digits();
            assertThat("" + left.label(i) + right.label(i)).as("pair %d", i).isEqualTo(digits);
            SyntheticNumbers.Number single = training.generate(3 + i, 1, SyntheticNumbers.Kind.SEPARATED);
            assertThat(singles.label(i)).as("single %d", i).isEqualTo(single.digits().charAt(0) - '0');
        }
    }

    @Test
    void aBadCountOrAnOutputThatIsAFileIsRefusedOnOneLine(@TempDir Path dir) throws Exception {
        assertThat(cli.run("pairs", "-o", dir.toString(), "--count", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: --count must be between 1 and 1000000, got 0");
        Path file = Files.writeString(dir.resolve("file"), "keep");
        assertThat(cli.run("pairs", "-o", file.toString(), "--count", "5")).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(cli.err().split("\\R")).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo("keep");
    }
}
