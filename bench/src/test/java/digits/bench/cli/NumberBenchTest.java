package digits.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.cli.CliRun;
import digits.cli.ExitCodes;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits bench --only numbers}: the table's rows from numbers of MNIST test digits read by a real CNN. */
class NumberBenchTest {
    private final CliRun cli = new CliRun();

    @Test
    void measuresEachLengthAndKindOnTheReportedPart(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        String model = TrainedModels.smallCnn().toString();
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-model", model, "--numbers-count", "20",
                "--numbers-max-digits", "3", "-o", json.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("made from MNIST test digits 5000-9999 (reported part)");
        JsonNode numbers = new ObjectMapper().readTree(json.toFile()).get("numbers");
        assertThat(numbers.get("part").asText()).isEqualTo("reported");
        assertThat(numbers.get("test_digits_from").asInt()).isEqualTo(5000);
        assertThat(numbers.get("pair_models").isNull()).as("no pair models given").isTrue();
        JsonNode rows = numbers.get("rows");
        // separated 1-3 digits, touching 2-3
        assertThat(rows.size()).isEqualTo(5);
        for (JsonNode row : rows) {
            assertThat(row.get("numbers").asInt()).isEqualTo(20);
            assertThat(row.get("exact_rate").asDouble()).isEqualTo(row.get("exact").asInt() / 20.0);
            assertThat(row.get("digit_accuracy").asDouble()).isGreaterThanOrEqualTo(row.get("exact_rate").asDouble() - 1e-9);
        }
        assertThat(rows.get(1).get("kind").asText()).isEqualTo("separated");
        assertThat(rows.get(1).get("exact_rate").asDouble()).as("separated 2-digit numbers read exactly").isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void badOptionsAreRefusedBeforeAnyWork(@TempDir Path dir) {
        Path json = dir.resolve("bench.json");
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-model", dir.resolve("none").toString(), "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: " + dir.resolve("none") + ": no such model directory");
        // --model-dir is the numbers' model too when --numbers-model is not given
        assertThat(cli.run("bench", "--only", "numbers", "--model-dir", dir.resolve("other").toString(), "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: " + dir.resolve("other") + ": no such model directory");
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-part", "train", "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --numbers-part: 'train' is not reported or tuning");
        // numbers are never measured on the training digits the pair models learn from
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-part", "training", "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --numbers-part: 'training' is not reported or tuning");
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-pair-model", dir.resolve("no-pairs").toString(),
                "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: " + dir.resolve("no-pairs") + ": no such pair-model directory\n");
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-settings", "pair-bonus=x", "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --numbers-settings: 'pair-bonus=x' is not KEY=NUMBER");
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-settings", "cut-cost=NaN", "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --numbers-settings: 'cut-cost=NaN' is not KEY=NUMBER");
        assertThat(cli.run("bench", "--only", "numbers", "--numbers-settings", "speed=2", "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --numbers-settings: unknown key 'speed'");
    }
}
