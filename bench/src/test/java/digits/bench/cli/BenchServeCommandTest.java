package digits.bench.cli;

import digits.cli.CliRun;
import digits.cli.ExitCodes;
import digits.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.bench.LoadGenerator;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A short real load run against a real model, with and without batching. */
class BenchServeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void measuresThroughputLatencyAndBatchingAndSavesJson(@TempDir Path dir) throws Exception {
        Path model = TrainedModels.mlp();
        for (boolean batching : new boolean[]{false, true}) {
            Path results = dir.resolve("bench-" + batching + ".json");
            String[] args = batching
                    ? new String[]{"bench-serve", "--model", model.toString(), "--clients", "8", "--seconds", "2", "-o", results.toString()}
                    : new String[]{"bench-serve", "--model", model.toString(), "--clients", "8", "--seconds", "2", "--payload", "png", "--no-batching", "-o", results.toString()};
            assertThat(run(args)).as(err.toString()).isEqualTo(ExitCodes.OK);

            JsonNode json = new ObjectMapper().readTree(results.toFile());
            assertThat(json.get("clients").asInt()).isEqualTo(8);
            assertThat(json.get("batching").asBoolean()).isEqualTo(batching);
            assertThat(json.get("payload").asText()).isEqualTo(batching ? "json" : "png");
            assertThat(json.get("errors").asLong()).isZero();
            long requests = json.get("requests").asLong();
            assertThat(requests).isGreaterThan(8);
            assertThat(json.get("seconds").asDouble()).isBetween(2.0, 60.0);
            assertThat(json.get("requestsPerSecond").asDouble()).isEqualTo(requests / json.get("seconds").asDouble());
            JsonNode latency = json.get("latencyMs");
            assertThat(latency.get("p50").asDouble()).isPositive()
                    .isLessThanOrEqualTo(latency.get("p90").asDouble());
            assertThat(latency.get("p90").asDouble()).isLessThanOrEqualTo(latency.get("p99").asDouble());
            assertThat(latency.get("p99").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
            assertThat(json.get("predictions").asLong()).isEqualTo(requests);
            assertThat(json.get("cpuMsPerRequest").asDouble()).isPositive();
            if (batching) {
                assertThat(json.get("meanBatch").asDouble()).isGreaterThanOrEqualTo(1.0);
                assertThat(json.get("modelCalls").asLong()).isBetween(1L, requests);
            } else {
                assertThat(json.get("meanBatch").asDouble()).isEqualTo(1.0);
            }
        }
        assertThat(out.toString()).contains("8 clients for 2 s, png bodies, batching off", "8 clients for 2 s, json bodies, batching on",
                "requests/s", "p50", "p99", "errors      0", "mean batch", "Saved ");
    }

    @Test
    void badOptionsAreRefused() {
        assertThat(run("bench-serve", "--clients", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--clients must be in 1..1000, got 0");
        assertThat(run("bench-serve", "--seconds", "9999")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--seconds must be in 1..600, got 9999");
    }

    @Test
    void theLoadGeneratorOnlyTargetsThisMachine() {
        List<LoadGenerator.Body> body = List.of(new LoadGenerator.Body("application/json", new byte[]{'{', '}'}));
        assertThatThrownBy(() -> new LoadGenerator(URI.create("http://192.0.2.10:8080/api/predict"), body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only targets this machine");
        new LoadGenerator(URI.create("http://127.0.0.1:9/api/predict"), body);
        new LoadGenerator(URI.create("http://localhost:9/api/predict"), body);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) nanos[i] = (i + 1) * 1_000_000L;
        assertThat(LoadGenerator.percentile(nanos, 50)).isEqualTo(50.0);
        assertThat(LoadGenerator.percentile(nanos, 99)).isEqualTo(99.0);
        assertThat(LoadGenerator.percentile(new long[]{7_000_000L}, 90)).isEqualTo(7.0);
    }
}
