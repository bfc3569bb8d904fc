package digits.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.cli.CliRun;
import digits.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits bench --only conditions} on a few real test digits with a freshly trained logistic model. */
class ConditionsSectionTest {
    final CliRun cli = new CliRun();

    @Test
    void conditionsTableAndJson(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        assertThat(cli.run("train", "--model", "logistic", "--epochs", "1", "--limit", "2000", "--test", "none", "-o",
                model.toString(), "--no-progress")).as(cli.err()).isEqualTo(ExitCodes.OK);
        Path json = tmp.resolve("conditions.json");
        assertThat(cli.run("bench", "--only", "conditions", "--model-dir", model.toString(), "--condition-digits", "0-39",
                "--condition", "clean,photo-ruled,low-res-16", "-o", json.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("condition      images   direct    mnist    photo     auto  auto chose photo")
                .containsPattern("photo-ruled\\s+40\\s+-\\s+\\d+\\.\\d\\d%");
        JsonNode rows = new ObjectMapper().readTree(json.toFile()).get("conditions").get("rows");
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).get("condition").asText()).isEqualTo("clean");
        assertThat(rows.get(0).get("direct").asDouble()).isGreaterThan(0.6);
        assertThat(rows.get(0).get("auto_chose_photo").asDouble()).isZero();
        JsonNode ruled = rows.get(1);
        assertThat(ruled.get("direct").isNull()).isTrue();
        assertThat(ruled.get("auto_chose_photo").asDouble()).isEqualTo(1.0);
        assertThat(ruled.get("photo").asDouble()).isGreaterThan(ruled.get("mnist").asDouble() + 0.2);
        assertThat(rows.get(2).get("images").asInt()).isEqualTo(40);
    }

    @Test
    void conditionsNeedAModelAndKnownNames() {
        assertThat(cli.run("bench", "--only", "conditions")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--only conditions needs --model-dir DIR");
        assertThat(cli.run("bench", "--only", "conditions", "--model-dir", ".", "--condition", "fog")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("unknown condition 'fog'");
        assertThat(cli.run("bench", "--only", "conditions", "--model-dir", ".", "--condition-digits", "9-2")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--condition-digits: expected FROM-TO");
    }
}
