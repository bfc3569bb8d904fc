package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.data.SyntheticNumbers;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits read}: numbers made from real MNIST test digits, read with a real one-epoch CNN. */
class ReadCommandTest {
    private static Path model;
    private static final SyntheticNumbers NUMBERS = SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.TUNING);
    private final CliRun cli = new CliRun();

    @BeforeAll
    static void train() {
        model = TrainedModels.smallCnn();
    }

    /** Writes numbers of 1-6 digits as PNG files named after their digits; returns them with their digits. */
    private static List<String[]> writeNumbers(Path dir, int count) throws Exception {
        List<String[]> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SyntheticNumbers.Number n = NUMBERS.generate(i, 1 + i % 6, i % 2 == 0 ? SyntheticNumbers.Kind.SEPARATED
                    : SyntheticNumbers.Kind.TOUCHING);
            Path file = dir.resolve(String.format("n%02d.png", i));
            ImageIO.write(n.image(), "png", file.toFile());
            files.add(new String[]{file.toString(), n.digits()});
        }
        return files;
    }

    @Test
    void printsTheNumberInEachFile(@TempDir Path dir) throws Exception {
        List<String[]> files = writeNumbers(dir, 12);
        assertThat(cli.run("read", "--model", model.toString(), dir.toString())).isEqualTo(ExitCodes.OK);
        assertThat(cli.err()).isEmpty();
        String[] lines = cli.out().split("\\R");
        assertThat(lines).hasSize(1 + files.size());
        assertThat(lines[0]).matches("file\\s+number\\s+confidence");
        int exact = 0;
        for (int i = 0; i < files.size(); i++) {
            String[] cells = lines[i + 1].trim().split("\\s+");
            assertThat(cells[0]).isEqualTo(files.get(i)[0]);
            assertThat(cells[1]).matches("\\d+");
            assertThat(Double.parseDouble(cells[2])).isBetween(0.0, 1.0);
            if (cells[1].equals(files.get(i)[1])) exact++;
        }
        assertThat(exact).as("numbers read exactly, of 12 (half with a touching pair)").isGreaterThanOrEqualTo(6);
    }

    @Test
    void jsonGivesEachDigitsBoxLabelAndProbabilities(@TempDir Path dir) throws Exception {
        List<String[]> files = writeNumbers(dir, 2);
        assertThat(cli.run("read", "--model", model.toString(), "--json", files.get(0)[0], files.get(1)[0]))
                .isEqualTo(ExitCodes.OK);
        JsonNode array = new ObjectMapper().readTree(cli.out());
        assertThat(array.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            JsonNode row = array.get(i);
            assertThat(row.get("file").asText()).isEqualTo(files.get(i)[0]);
            String number = row.get("number").asText();
            assertThat(row.get("digits").size()).isEqualTo(number.length());
            double product = 1;
            for (int d = 0; d < number.length(); d++) {
                JsonNode digit = row.get("digits").get(d);
                assertThat(digit.get("label").asInt()).isEqualTo(number.charAt(d) - '0');
                assertThat(digit.get("probabilities").size()).isEqualTo(10);
                JsonNode box = digit.get("box");
                assertThat(box.get("width").asInt()).isPositive();
                assertThat(box.get("height").asInt()).isPositive();
                assertThat(box.get("x").asInt()).isNotNegative();
                product *= digit.get("confidence").asDouble();
            }
            assertThat(row.get("confidence").asDouble()).isCloseTo(product, org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void aBadImageFileIsNamedOnOneLineWithExitCode2AndNothingIsPrinted(@TempDir Path dir) throws Exception {
        List<String[]> files = writeNumbers(dir, 1);
        Path bad = dir.resolve("scan.png");
        Files.writeString(bad, "not a picture");
        assertThat(cli.run("read", "--model", model.toString(), files.get(0)[0], bad.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: " + bad + ": not a readable PNG/JPEG/BMP/GIF image");

        Path missing = dir.resolve("missing.png");
        assertThat(cli.run("read", "--model", model.toString(), missing.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: " + missing + ": no such file or folder");
    }

    @Test
    void pairModelsReadTouchingNumbersWithABoxPerDigit(@TempDir Path dir) throws Exception {
        List<String[]> files = new ArrayList<>();
        for (int seed = 1; seed <= 10; seed++) {
            SyntheticNumbers.Number n = NUMBERS.generate(seed, 2 + seed % 3, SyntheticNumbers.Kind.TOUCHING);
            Path file = dir.resolve(String.format("t%02d.png", seed));
            ImageIO.write(n.image(), "png", file.toFile());
            files.add(new String[]{file.toString(), n.digits()});
        }
        assertThat(cli.run("read", "--model", model.toString(), "--pair-model", TrainedModels.pairModels().toString(),
                "--json", dir.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
        JsonNode array = new ObjectMapper().readTree(cli.out());
        int exact = 0;
        for (int i = 0; i < files.size(); i++) {
            String number = array.get(i).get("number").asText();
            assertThat(array.get(i).get("digits").size()).isEqualTo(number.length());
            if (number.equals(files.get(i)[1])) exact++;
        }
        assertThat(exact).as("numbers with a touching pair read exactly, of 10").isGreaterThanOrEqualTo(5);
    }

    @Test
    void aMissingOrIncompletePairModelDirectoryIsOneLineWithExitCode2(@TempDir Path dir) throws Exception {
        List<String[]> files = writeNumbers(dir, 1);
        Path missing = dir.resolve("no-pairs");
        assertThat(cli.run("read", "--model", model.toString(), "--pair-model", missing.toString(), files.get(0)[0]))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err().split("\\R")).containsExactly("digits: error: " + missing + ": no such pair-model directory");

        Path half = dir.resolve("half");
        Files.createDirectories(half.resolve("left"));
        assertThat(cli.run("read", "--model", model.toString(), "--pair-model", half.toString(), files.get(0)[0]))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err().split("\\R")).singleElement().asString()
                .startsWith("digits: error: " + half + ": not a pair-model directory (no right/ model directory in it");
    }
}
