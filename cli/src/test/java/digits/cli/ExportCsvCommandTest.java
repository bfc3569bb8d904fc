package digits.cli;

import digits.data.Dataset;
import digits.data.KaggleCsvReader;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ExportCsvCommandTest {

    @Test
    void aKaggleSplitDrawsDisjointRowsFromAllSeventyThousandDigitsAsItsSeedSays(@TempDir Path tmp) throws Exception {
        CliRun cli = new CliRun();
        Path a = tmp.resolve("a");
        Path again = tmp.resolve("again");
        Path other = tmp.resolve("other");
        for (Object[] run : new Object[][]{{a, "7"}, {again, "7"}, {other, "8"}}) {
            assertThat(cli.run("export-csv", "--kaggle-split", (String) run[1], "--limit", "2000", "-o", run[0].toString()))
                    .as(cli.err()).isEqualTo(ExitCodes.OK);
        }
        Dataset train = KaggleCsvReader.read(a.resolve("train.csv"));
        Dataset test = KaggleCsvReader.read(a.resolve("test.csv"));
        assertThat(train.size()).isEqualTo(2000);
        assertThat(test.size()).isEqualTo(2000);
        assertThat(test.hasLabels()).isFalse();
        List<String> labels = Files.readAllLines(a.resolve("test_labels.csv"));
        assertThat(labels).hasSize(2001).first().isEqualTo("ImageId,Label");

        // Rows from both MNIST files (the first 2,000 training rows are not just MNIST's first 2,000 training digits) ...
        Set<String> mnistTest = images(MnistFiles.test());
        long fromTest = imageKeys(train).stream().filter(mnistTest::contains).count();
        assertThat(fromTest).isBetween(100L, 900L);
        // ... no digit in both files, the same files for the same seed, others for another seed.
        Set<String> trainKeys = new HashSet<>(imageKeys(train));
        assertThat(imageKeys(test)).noneMatch(trainKeys::contains);
        assertThat(Files.readAllBytes(again.resolve("train.csv"))).isEqualTo(Files.readAllBytes(a.resolve("train.csv")));
        assertThat(Files.readAllBytes(other.resolve("train.csv"))).isNotEqualTo(Files.readAllBytes(a.resolve("train.csv")));
        assertThat(cli.out()).contains("wrote " + other.resolve("train.csv") + " (2,000 rows");
    }

    private static Set<String> images(Dataset data) {
        return new HashSet<>(imageKeys(data));
    }

    private static List<String> imageKeys(Dataset data) {
        return java.util.stream.IntStream.range(0, data.size()).mapToObj(i -> Arrays.toString(data.image(i))).toList();
    }
}
