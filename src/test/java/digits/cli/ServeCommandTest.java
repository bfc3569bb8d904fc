package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.data.InvalidInputException;
import digits.serve.DigitServer;
import digits.serve.ModelInfo;
import digits.testing.NearestMeanClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsTheOptionsAndEndpoints() {
        assertThat(run("serve", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("--model=DIR", "--port=PORT", "--host=HOST", "--max-body=SIZE", "--batching",
                "default: 8080", "default: 127.0.0.1", "default: 1MB", "POST /api/predict", "GET  /health");
    }

    @Test
    void badOptionsAreBadInput(@TempDir Path dir) {
        assertThat(run("serve")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("Missing required option: '--model=DIR'");

        assertThat(run("serve", "--model", dir.toString(), "--max-body", "lots")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("'lots' is not a size");

        assertThat(run("serve", "--model", dir.toString(), "--port", "70000")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--port must be in 0..65535, got 70000");

        Path missing = dir.resolve("no-such-model");
        assertThat(run("serve", "--model", missing.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("digits: error: " + missing + ": no such model directory");
    }

    /** Until digits.api.DigitRecognizer.load exists, serving a model directory fails with one clear line. */
    @Test
    void aDirectoryThatIsNoModelIsRefusedWithOneLine(@TempDir Path dir) {
        assertThat(run("serve", "--model", dir.toString(), "--port", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip())
                .isEqualTo("digits: error: " + dir.resolve("model.json") + ": missing; " + dir + " is not a model directory");
    }

    @Test
    void servesUntilStoppedThenReleasesThePort(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), "{\"architecture\": \"nearest-mean\", \"classes\": 10}");
        Files.writeString(dir.resolve("metrics.json"), "{\"testAccuracy\": 0.81}");
        Files.writeString(dir.resolve("notes.txt"), "not JSON, not served");
        ServeCommand command = new ServeCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.parseArgs("--model", dir.toString(), "--port", "0", "--batching");
        NearestMeanClassifier classifier = NearestMeanClassifier.trainedOnMnist();
        JsonNode info = ModelInfo.fromDirectory(dir, classifier.modelId());
        DigitServer.Options options = new DigitServer.Options(command.host, command.port, command.maxBody, command.batching);
        CountDownLatch stop = new CountDownLatch(1);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> exit = thread.submit(() -> command.serve(classifier, info, options, stop));
            URI uri = awaitAddress();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri.resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            JsonNode served = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(uri.resolve("api/model")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(served.get("modelId").asText()).isEqualTo("nearest-mean-2000");
            assertThat(served.get("model").get("architecture").asText()).isEqualTo("nearest-mean");
            assertThat(served.get("metrics").get("testAccuracy").asDouble()).isEqualTo(0.81);
            assertThat(served.has("notes")).isFalse();
            assertThat(out.toString()).contains("Batching concurrent predictions");

            stop.countDown();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("Stopping.");
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri.resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        } finally {
            stop.countDown();
            thread.shutdownNow();
        }
    }

    @Test
    void modelInfoNamesABrokenJsonFile(@TempDir Path dir) throws Exception {
        Path metrics = dir.resolve("metrics.json");
        Files.writeString(metrics, "{\n  \"accuracy\": 0.9,\n  oops\n}");
        assertThatThrownBy(() -> ModelInfo.fromDirectory(dir, "m"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(metrics + ":3: not valid JSON: ");
    }

    @Test
    void sizesUseBinaryUnits() {
        ByteSizeConverter sizes = new ByteSizeConverter();
        assertThat(sizes.convert("1MB")).isEqualTo(1L << 20);
        assertThat(sizes.convert("512KB")).isEqualTo(512L << 10);
        assertThat(sizes.convert("1.5m")).isEqualTo(3L << 19);
        assertThat(sizes.convert("2 MiB")).isEqualTo(2L << 20);
        assertThat(sizes.convert("65536")).isEqualTo(65536L);
        assertThat(sizes.convert("100b")).isEqualTo(100L);
        assertThatThrownBy(() -> sizes.convert("0")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> sizes.convert("1TB")).hasMessageContaining("is not a size");
        assertThatThrownBy(() -> sizes.convert("2GB")).hasMessageContaining("out of range");
    }

    private URI awaitAddress() throws InterruptedException {
        Pattern serving = Pattern.compile("Serving nearest-mean-2000 at (http://127\\.0\\.0\\.1:\\d+/)");
        for (int i = 0; i < 1000; i++) {
            Matcher m = serving.matcher(out.toString());
            if (m.find()) return URI.create(m.group(1));
            Thread.sleep(10);
        }
        throw new AssertionError("the server never said where it listens: " + out);
    }
}
