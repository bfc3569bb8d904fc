package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitClassifier;
import digits.api.ImagePreprocessor;
import digits.api.Prediction;
import digits.testing.Mnist;
import digits.testing.NearestMeanClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.mnistGray;
import static digits.testing.DigitImages.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The server over HTTP on 127.0.0.1, answering with a real (nearest-class-mean) model and real MNIST digits. */
class DigitServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIGITS = 60;
    private static NearestMeanClassifier model;
    private static Mnist.Digits digits;
    private static ObjectNode info;
    private static DigitServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        model = NearestMeanClassifier.trainedOnMnist();
        digits = Mnist.test(DIGITS);
        info = JSON.createObjectNode();
        info.put("modelId", model.modelId());
        info.putObject("descriptor").put("type", "nearest-class-mean").put("trainingImages", 2000);
        info.putObject("metrics").put("testAccuracy", accuracy(Mnist.test(1000)));
        server = new DigitServer(model, info, 0).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void listensOnLoopbackOnAFreePort() {
        assertThat(server.port()).isPositive();
        assertThat(server.uri().toString()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        assertThat(server.options().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void healthAndModelInfo() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(health.body())).isEqualTo(JSON.readTree("{\"status\":\"ok\"}"));

        HttpResponse<String> modelInfo = get("/api/model");
        assertThat(modelInfo.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(modelInfo.body())).isEqualTo(info);
    }

    @Test
    void servesTheSelfContainedDrawingPage() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        String html = page.body();
        for (String id : List.of("pad", "clear", "label", "bars", "seen")) assertThat(html).contains("id=\"" + id + "\"");
        assertThat(html).contains("<canvas id=\"pad\" width=\"280\" height=\"280\"", "pointerdown", "pointermove", "pointerup");
        assertThat(html).doesNotContain("http://", "https://", "<script src", "<link rel=\"stylesheet\"", "@import");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'sha256-", "connect-src 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void predictsRealDigitsSentAsPngTheWayTheModelDoesDirectly() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor();
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            byte[] png = encode(mnistGray(digits.image(i)), "png");
            JsonNode answer = ok(post("/api/predict?input=true", "image/png", png));

            float[] seen = preprocessor.preprocess(png, "digit.png");
            Prediction direct = model.predict(seen);
            assertPrediction(answer, direct, seen);
            if (answer.get("label").asInt() == digits.labels()[i]) correct++;
        }
        assertThat(correct).as("correct of %d", DIGITS).isGreaterThanOrEqualTo(DIGITS * 7 / 10);
    }

    @Test
    void echoesTheInputOnlyWhenAskedTo() throws Exception {
        byte[] json = pixelsJson(digits.image(0), 255, null).getBytes(StandardCharsets.UTF_8);
        JsonNode plain = ok(post("/api/predict", "application/json", json));
        assertThat(plain.has("input")).isFalse();
        assertThat(plain.get("probabilities").size()).isEqualTo(10);
        assertThat(ok(post("/api/predict?input=false", "application/json", json)).has("input")).isFalse();
        assertThat(ok(post("/api/predict?input=true", "application/json", json)).get("input").size()).isEqualTo(784);
    }

    @Test
    void predictsBigScannedDigitsUploadedAsAForm() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor();
        int correct = 0;
        for (int i = 0; i < 20; i++) {
            byte[] jpeg = encode(render(digits.image(i), 240, 320, 20, 30, 7, true), "jpeg");
            JsonNode answer = ok(postForm("image", "scan " + i + ".jpg", "image/jpeg", jpeg));
            float[] seen = preprocessor.preprocess(jpeg, "scan.jpg");
            assertPrediction(answer, model.predict(seen), seen);
            if (answer.get("label").asInt() == digits.labels()[i]) correct++;
        }
        assertThat(correct).isGreaterThanOrEqualTo(14);
    }

    @Test
    void predictsPixelsSentAsJsonInEitherScale() throws Exception {
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            float[] pixels = digits.image(i);
            Prediction direct = model.predict(pixels);
            JsonNode unit = ok(postJson(pixelsJson(pixels, 1, null)));
            assertPrediction(unit, direct, pixels);
            JsonNode bytes = ok(postJson(pixelsJson(pixels, 255, null)));
            assertPrediction(bytes, direct, pixels);
            if (unit.get("label").asInt() == digits.labels()[i]) correct++;
        }
        assertThat(correct).isGreaterThanOrEqualTo(DIGITS * 7 / 10);

        // An explicit scale: 0/1 values in a 0..255 image would otherwise be read as [0,1].
        float[] faint = new float[784];
        faint[400] = 1 / 255f;
        faint[401] = 1 / 255f;
        JsonNode explicit = ok(postJson(pixelsJson(faint, 255, 255)));
        assertThat(explicit.get("input").get(400).floatValue()).isCloseTo(1 / 255f, within(1e-6f));
    }

    @Test
    void batchingServerAnswersEveryConcurrentCallerWithItsOwnDigit() throws Exception {
        try (DigitServer batching = new DigitServer(model, info,
                DigitServer.Options.defaults().withPort(0).withBatching(true)).start()) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                HttpRequest request = HttpRequest.newBuilder(batching.uri().resolve("api/predict?input=true"))
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString(pixelsJson(digits.image(i), 1, null))).build();
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 40; i++) {
                JsonNode answer = ok(answers.get(i).join());
                assertPrediction(answer, model.predict(digits.image(i)), digits.image(i));
            }
            assertThat(batching.batcher().predictions()).isEqualTo(40);
            assertThat(batching.batcher().batches()).isBetween(1L, 40L);
        }
    }

    @Test
    void badJsonIsRefusedWith400AndTheServerKeepsServing() throws Exception {
        String zeros = "0,".repeat(783) + "0";
        assertError(postJson("{\"pixels\": [1, 2"), 400, "request body is not valid JSON (line 1, column ");
        assertError(postJson("[1, 2, 3]"), 400, "expected a JSON object {\"pixels\": [784 numbers]}");
        assertError(postJson("{\"image\": []}"), 400, "\"pixels\" must be an array of 784 numbers");
        assertError(postJson("{\"pixels\": [" + "0,".repeat(782) + "0]}"), 400,
                "\"pixels\" must hold 784 numbers (28x28), found 783");
        assertError(postJson("{\"pixels\": [NaN," + zeros.substring(2) + "]}"), 400, "request body is not valid JSON");
        assertError(postJson("{\"pixels\": [1e999," + zeros.substring(2) + "]}"), 400, "pixels[0] is not a finite number");
        assertError(postJson("{\"pixels\": [" + zeros.substring(2) + ",300]}"), 400, "pixels[783] = 300 is out of range");
        assertError(postJson("{\"pixels\": [-0.5," + zeros.substring(2) + "]}"), 400, "pixels[0] = -0.5 is out of range");
        assertError(postJson("{\"pixels\": [0.5," + zeros.substring(2) + "], \"scale\": 1, \"x\": 1} trailing"), 400,
                "request body is not valid JSON");
        assertError(postJson("{\"pixels\": [\"0\"," + zeros.substring(2) + "]}"), 400, "pixels[0] is not a number: \"0\"");
        assertError(postJson("{\"pixels\": [" + zeros + "], \"scale\": 7}"), 400, "\"scale\" must be 1 or 255, found 7");
        assertError(postJson("{\"pixels\": [2," + zeros.substring(2) + "], \"scale\": 1}"), 400, "pixels[0] = 2 is out of range");
        assertServing();
    }

    @Test
    void badImagesAreRefusedWith400AndTheServerKeepsServing() throws Exception {
        assertError(post("/api/predict", "image/png", "not an image at all".getBytes(StandardCharsets.UTF_8)), 400,
                "request body: not a readable PNG/JPEG/BMP/GIF image");
        BufferedImage white = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) for (int x = 0; x < 100; x++) white.setRGB(x, y, 0xffffff);
        assertError(post("/api/predict", "image/png", encode(white, "png")), 400,
                "request body: the image is blank (no digit found)");
        assertError(postForm("image", "notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 400,
                "notes.txt: not a readable PNG/JPEG/BMP/GIF image");
        assertError(postForm("file", "seven.png", "image/png", encode(mnistGray(digits.image(0)), "png")), 400,
                "multipart/form-data field 'image' is missing");
        assertError(post("/api/predict", "multipart/form-data; boundary=xyz", "--xyz\r\ngarbage".getBytes(StandardCharsets.UTF_8)),
                400, "");
        assertServing();
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        assertError(post("/api/predict", "text/plain", "7".getBytes(StandardCharsets.UTF_8)), 415,
                "unsupported Content-Type 'text/plain': send multipart/form-data (field 'image'), image/png, image/jpeg, "
                        + "image/bmp, image/gif or application/json");
        HttpRequest untyped = HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                .POST(BodyPublishers.ofString("{}")).build();
        assertError(http.send(untyped, HttpResponse.BodyHandlers.ofString()), 415, "missing Content-Type");
        assertServing();
    }

    @Test
    void bodiesOverTheLimitAre413WhetherDeclaredOrChunked() throws Exception {
        byte[] tooBig = new byte[(1 << 20) + 1];
        assertError(post("/api/predict", "image/png", tooBig), 413,
                "request body is larger than the limit of 1 MB (1048576 bytes)");

        try (DigitServer small = new DigitServer(model, info,
                DigitServer.Options.defaults().withPort(0).withMaxBodyBytes(4 * 1024)).start()) {
            byte[] json = pixelsJson(digits.image(0), 1, null).getBytes(StandardCharsets.UTF_8);
            assertThat(json.length).isGreaterThan(4 * 1024);
            HttpRequest chunked = HttpRequest.newBuilder(small.uri().resolve("api/predict"))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json))).build();
            assertError(http.send(chunked, HttpResponse.BodyHandlers.ofString()), 413,
                    "request body is larger than the limit of 4 KB (4096 bytes)");
            // A small enough request still works on the same server.
            HttpRequest fits = HttpRequest.newBuilder(small.uri().resolve("api/predict"))
                    .header("Content-Type", "image/png")
                    .POST(BodyPublishers.ofByteArray(encode(mnistGray(digits.image(0)), "png"))).build();
            assertThat(http.send(fits, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        assertServing();
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() throws Exception {
        assertError(get("/nope"), 404, "Endpoint GET /nope not found");
        assertError(get("/web/index.html"), 404, "Endpoint GET /web/index.html not found");
        // Jetty refuses a path that climbs out of the root before any handler sees it.
        assertError(get("/../../etc/passwd"), 400, "Bad Request");
        assertError(get("/%2e%2e/%2e%2e/etc/passwd"), 400, "Bad Request");
        HttpResponse<String> wrongMethod = get("/api/predict");
        assertError(wrongMethod, 405, "method GET is not allowed on /api/predict; use POST");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertServing();
    }

    @Test
    void oversizedHeadersGetJsonFromJettyItself() throws Exception {
        HttpRequest huge = HttpRequest.newBuilder(server.uri().resolve("health"))
                .header("X-Padding", "x".repeat(20_000)).GET().build();
        HttpResponse<String> response = http.send(huge, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(431);
        assertThat(JSON.readTree(response.body()).get("error").asText()).startsWith("Request Header Fields Too Large");
        assertServing();
    }

    @Test
    void aFailingModelIs500WithoutDetails() throws Exception {
        DigitClassifier broken = new DigitClassifier() {
            @Override
            public Prediction predict(float[] pixels) {
                throw new IllegalStateException("secret internal detail: tensor shape mismatch");
            }

            @Override
            public List<Prediction> predictBatch(List<float[]> images) {
                throw new IllegalStateException("secret internal detail");
            }

            @Override
            public String modelId() {
                return "broken";
            }

            @Override
            public void close() {
            }
        };
        try (DigitServer failing = new DigitServer(broken, info, 0).start()) {
            HttpRequest request = HttpRequest.newBuilder(failing.uri().resolve("api/predict"))
                    .header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(pixelsJson(digits.image(0), 1, null))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertError(response, 500, "internal server error");
            assertThat(response.body()).doesNotContain("secret", "Exception", "at digits.", "tensor");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(failing.uri().resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void stoppingReleasesThePort() throws Exception {
        DigitServer temporary = new DigitServer(model, info, 0).start();
        int port = temporary.port();
        temporary.stop();
        temporary.stop();
        try (DigitServer again = new DigitServer(model, info, port).start()) {
            assertThat(again.port()).isEqualTo(port);
        }
    }

    @Test
    void aBusyPortIsAClearError() {
        DigitServer second = new DigitServer(model, info, server.port());
        org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot listen on 127.0.0.1:" + server.port() + ": ");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static double accuracy(Mnist.Digits test) {
        int correct = 0;
        for (int i = 0; i < test.size(); i++) if (model.predict(test.image(i)).label() == test.labels()[i]) correct++;
        return (double) correct / test.size();
    }

    private static void assertPrediction(JsonNode answer, Prediction direct, float[] seen) {
        assertThat(answer.get("label").asInt()).isEqualTo(direct.label());
        assertThat(answer.get("modelId").asText()).isEqualTo(model.modelId());
        assertThat(answer.get("millis").asDouble()).isBetween(0.0, 10_000.0);
        JsonNode probabilities = answer.get("probabilities");
        assertThat(probabilities.size()).isEqualTo(10);
        for (int d = 0; d < 10; d++) {
            assertThat(probabilities.get(d).floatValue()).isCloseTo(direct.probabilities()[d], within(1e-6f));
        }
        JsonNode input = answer.get("input");
        assertThat(input.size()).isEqualTo(784);
        for (int p = 0; p < 784; p++) assertThat(input.get(p).floatValue()).isCloseTo(seen[p], within(1e-6f));
    }

    /** A JSON error answer: the status, one "error" field of one line starting with {@code messageStart}. */
    static void assertError(HttpResponse<String> response, int status, String messageStart) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).startsWith(messageStart).doesNotContain("\n");
    }

    private static void assertServing() throws Exception {
        assertThat(get("/health").statusCode()).isEqualTo(200);
        JsonNode answer = ok(postJson(pixelsJson(digits.image(0), 1, null)));
        assertThat(answer.get("label").asInt()).isEqualTo(model.predict(digits.image(0)).label());
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri().resolve(path.substring(1)))
                .header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postJson(String json) throws Exception {
        return post("/api/predict?input=true", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> postForm(String field, String fileName, String type, byte[] content) throws Exception {
        String boundary = "----digits-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post("/api/predict?input=true", "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** The digit as {"pixels": [...]} in [0,1] or [0,255] (whole numbers), with an optional explicit scale. */
    private static String pixelsJson(float[] pixels, int scale, Integer explicitScale) {
        StringJoiner values = new StringJoiner(",", "[", "]");
        for (float p : pixels) {
            values.add(scale == 255 ? Integer.toString(Math.round(p * 255)) : String.format(Locale.ROOT, "%.6f", p));
        }
        return "{\"pixels\":" + values + (explicitScale == null ? "" : ",\"scale\":" + explicitScale) + "}";
    }
}
