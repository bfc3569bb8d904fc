package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.serve.DigitServer;
import digits.serve.ModelInfo;
import digits.api.DigitRecognizer;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
        assertThat(out.toString()).contains("--model=DIR", "--port=PORT", "--host=HOST", "--allowed-host=NAME",
                "--max-body=SIZE", "--[no-]batching",
                "default: 8080", "default: 127.0.0.1", "default: 1MB", "POST /api/predict", "GET  /health");
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("(default: runs/quick-cnn, where `digits train` saves by default)");
    }

    @Test
    void batchingIsOnUnlessTurnedOff() {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--port", "0");
        assertThat(command.batching).isTrue();
        assertThat(DigitServer.Options.defaults().batching()).isTrue();
        ServeCommand off = new ServeCommand();
        new CommandLine(off).parseArgs("--no-batching");
        assertThat(off.batching).isFalse();
    }

    @Test
    void badOptionsAreBadInput(@TempDir Path dir) {
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
    void aMissingOrIncompletePairModelDirectoryIsOneLineBeforeServing(@TempDir Path dir) throws Exception {
        String model = TrainedModels.logistic().toString();
        Path missing = dir.resolve("no-pairs");
        assertThat(run("serve", "--model", model, "--pair-model", missing.toString(), "--port", "0"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip()).isEqualTo("digits: error: " + missing + ": no such pair-model directory");
        err.getBuffer().setLength(0);
        Path half = dir.resolve("half");
        java.nio.file.Files.createDirectories(half.resolve("left"));
        assertThat(run("serve", "--model", model, "--pair-model", half.toString(), "--port", "0"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString().strip()).startsWith("digits: error: " + half + ": not a pair-model directory (no right/");
        assertThat(out.toString()).doesNotContain("Serving");
    }

    @Test
    void aBadAllowedHostIsBadInputBeforeTheModelLoads(@TempDir Path dir) {
        for (String bad : new String[] {"box.lan:8080", "http://box.lan", "two words", ""}) {
            // The model directory does not exist: the option is checked first.
            assertThat(run("serve", "--model", dir.resolve("none").toString(), "--allowed-host", "box.lan",
                    "--allowed-host", bad)).as(bad).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(err.toString()).contains("--allowed-host: '" + bad + "' is not a host name");
            err.getBuffer().setLength(0);
        }
    }

    @Test
    void aPortInUseIsOneLineAndBadInput() throws Exception {
        String model = TrainedModels.logistic().toString();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            String stderr = capturingStandardError(() ->
                    assertThat(run("serve", "--model", model, "--port", Integer.toString(port))).isEqualTo(ExitCodes.BAD_INPUT));
            assertThat(err.toString()).isEqualTo("digits: error: cannot listen on 127.0.0.1:" + port
                    + ": Address already in use" + System.lineSeparator());
            assertThat(out.toString()).doesNotContain("Serving");
            assertNoLogNoise(stderr);
        }
    }

    @Test
    void aHostThatCannotBeBoundIsOneLineAndBadInput() throws Exception {
        String model = TrainedModels.logistic().toString();
        // An unknown name (.invalid never resolves), an address not on this machine (TEST-NET-1), a malformed literal.
        String[][] cases = {
                {"no-such-host.invalid", "unknown host name"},
                {"192.0.2.1", "Cannot assign requested address"},
                {"[::1:", "unknown host name"}};
        for (String[] c : cases) {
            err.getBuffer().setLength(0);
            String stderr = capturingStandardError(() ->
                    assertThat(run("serve", "--model", model, "--host", c[0], "--port", "0")).as(c[0]).isEqualTo(ExitCodes.BAD_INPUT));
            String where = (c[0].contains(":") ? "[" + c[0] + "]" : c[0]) + ":0";
            assertThat(err.toString()).as(c[0]).startsWith("digits: error: cannot listen on " + where + ": ")
                    .endsWith(System.lineSeparator()).hasLineCount(1);
            if (System.getProperty("os.name").startsWith("Linux")) assertThat(err.toString()).as(c[0]).contains(": " + c[1]);
            assertNoLogNoise(stderr);
        }
    }

    @Test
    void withoutModelTheDefaultDirectoryIsUsedAndItsAbsenceExplained() {
        assertThat(TrainedModelOptions.DEFAULT_DIR).isEqualTo("runs/quick-cnn");
        assertThat(TrainedModelOptions.missing(Path.of("runs", "quick-cnn")).getMessage())
                .isEqualTo(Path.of("runs", "quick-cnn") + ": no such model directory (train one with `digits train`, or give --model DIR)");
        assertThat(TrainedModelOptions.missing(Path.of("elsewhere")).getMessage()).isEqualTo("elsewhere: no such model directory");
    }

    @Test
    void servesARealModelUntilStoppedThenReleasesThePort() throws Exception {
        Path dir = TrainedModels.mlp();
        ServeCommand command = new ServeCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.parseArgs("--model", dir.toString(), "--port", "0");
        DigitServer.Options options = new DigitServer.Options(command.host, command.port, command.maxBody, command.batching);
        CountDownLatch stop = new CountDownLatch(1);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (DigitRecognizer recognizer = command.model.load()) {
            JsonNode info = ModelInfo.of(recognizer);
            Future<Integer> exit = thread.submit(() -> command.serve(recognizer, info, options, stop));
            URI uri = awaitAddress(recognizer.modelId());
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri.resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
            JsonNode served = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(uri.resolve("api/model")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            // The description: model.json as it is, less the fields of the file format.
            assertThat(served.get("modelId").asText()).isEqualTo(recognizer.modelId()).startsWith("mlp-64@");
            ObjectNode descriptor = (ObjectNode) new ObjectMapper().readTree(dir.resolve("model.json").toFile());
            for (String field : List.of("format", "formatVersion", "paramsFile")) assertThat(descriptor.remove(field)).as(field).isNotNull();
            assertThat(served.get("model")).isEqualTo(descriptor);
            assertThat(served.get("model").get("metrics").get("test_accuracy").asDouble())
                    .isGreaterThan(0.85);
            assertThat(options.batching()).isTrue();
            assertThat(out.toString()).doesNotContain("Batching is off");

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

    /** What the JVM's standard error received (Javalin's and Jetty's loggers write there) while {@code action} ran. */
    private static String capturingStandardError(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void assertNoLogNoise(String stderr) {
        assertThat(stderr).doesNotContainIgnoringCase("javalin").doesNotContainIgnoringCase("jetty")
                .doesNotContain("ERROR", "WARN", "Exception", "\tat ");
    }

    private URI awaitAddress(String modelId) throws InterruptedException {
        Pattern serving = Pattern.compile("Serving " + Pattern.quote(modelId) + " at (http://127\\.0\\.0\\.1:\\d+/)");
        for (int i = 0; i < 3000; i++) { // up to 30 s: a busy CI machine starts the engine slowly
            Matcher m = serving.matcher(out.toString());
            if (m.find()) return URI.create(m.group(1));
            Thread.sleep(10);
        }
        throw new AssertionError("the server never said where it listens: " + out);
    }
}
