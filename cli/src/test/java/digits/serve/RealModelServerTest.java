package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.ImagePreprocessor;
import digits.api.Prediction;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.mnistGray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The server as {@code digits serve} runs it: a real MLP trained on MNIST, loaded from its model directory, answering
 * real MNIST test digits posted as PNG and as JSON; bad requests get 4xx JSON errors and the server keeps serving.
 */
class RealModelServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIGITS = 100;
    private static DigitRecognizer recognizer;
    private static DigitServer server;
    private static Mnist.Digits digits;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        recognizer = DigitRecognizer.load(TrainedModels.mlp());
        server = new DigitServer(recognizer, ModelInfo.of(recognizer), DigitServer.Options.defaults().withPort(0)).start();
        digits = Mnist.test(DIGITS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.stop();
        recognizer.close();
    }

    @Test
    void modelEndpointServesTheDescriptor() throws Exception {
        JsonNode info = ok(http.send(HttpRequest.newBuilder(server.uri().resolve("api/model")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(info.get("modelId").asText()).isEqualTo(recognizer.modelId());
        assertThat(info.get("model").get("name").asText()).isEqualTo(TrainedModels.MLP);
        assertThat(info.get("model").get("architecture").asText()).isEqualTo(recognizer.description().architecture());
        assertThat(info.get("model").get("input").get("polarity").asText()).isEqualTo("light ink on dark background");
        assertThat(info.get("model").get("paramsSha256").asText()).isEqualTo(recognizer.description().paramsSha256());
    }

    @Test
    void realDigitsPostedAsPngAreRecognised() throws Exception {
        ImagePreprocessor preprocessor = new ImagePreprocessor();
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            byte[] png = encode(mnistGray(digits.image(i)), "png");
            JsonNode answer = ok(post("image/png", png));
            Prediction direct = recognizer.predict(preprocessor.preprocess(png, "digit.png"));
            assertThat(answer.get("label").asInt()).isEqualTo(direct.label());
            assertProbabilities(answer, direct);
            if (answer.get("label").asInt() == digits.labels()[i]) correct++;
        }
        assertThat(correct).as("PNG digits read right of %d", DIGITS).isGreaterThanOrEqualTo(85);
    }

    @Test
    void realDigitsPostedAsJsonAreRecognised() throws Exception {
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            JsonNode answer = ok(post("application/json", pixelsJson(digits.image(i)).getBytes(StandardCharsets.UTF_8)));
            Prediction direct = recognizer.predict(digits.image(i));
            assertThat(answer.get("label").asInt()).isEqualTo(direct.label());
            assertProbabilities(answer, direct);
            assertThat(answer.get("modelId").asText()).isEqualTo(recognizer.modelId());
            if (answer.get("label").asInt() == digits.labels()[i]) correct++;
        }
        assertThat(correct).as("JSON digits read right of %d", DIGITS).isGreaterThanOrEqualTo(85);
    }

    @Test
    void badRequestsGet4xxJsonErrorsAndTheServerKeepsServing() throws Exception {
        assertError(post("image/png", "GIF? no, just text".getBytes(StandardCharsets.UTF_8)), 400,
                "request body: not a readable PNG/JPEG/BMP/GIF image");
        assertError(post("application/json", ("{\"pixels\": [" + "0,".repeat(782) + "0]}").getBytes(StandardCharsets.UTF_8)),
                400, "\"pixels\" must hold 784 numbers (28x28), found 783");
        assertError(post("application/json", ("{\"pixels\": [NaN" + ",0".repeat(783) + "]}").getBytes(StandardCharsets.UTF_8)),
                400, "request body is not valid JSON");
        assertError(post("application/json", ("{\"pixels\": [\"NaN\"" + ",0".repeat(783) + "]}").getBytes(StandardCharsets.UTF_8)),
                400, "pixels[0] is not a number: \"NaN\"");
        assertError(post("text/csv", "0,0,0".getBytes(StandardCharsets.UTF_8)), 415, "unsupported Content-Type 'text/csv'");
        assertServing();

        byte[] tenMegabytes = new byte[10 << 20];
        assertError(post("image/png", tenMegabytes), 413, "request body is larger than the limit of 1 MB (1048576 bytes)");
        HttpRequest chunked = HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tenMegabytes))).build();
        assertError(http.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "request body is larger than the limit");
        assertServing();
    }

    @Test
    void batchingServerGivesEachConcurrentCallerItsOwnAnswer() throws Exception {
        try (DigitServer batching = new DigitServer(recognizer, ModelInfo.of(recognizer),
                DigitServer.Options.defaults().withPort(0).withBatching(true)).start()) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                HttpRequest request = HttpRequest.newBuilder(batching.uri().resolve("api/predict"))
                        .header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString(pixelsJson(digits.image(i)))).build();
                answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 64; i++) {
                JsonNode answer = ok(answers.get(i).join());
                Prediction direct = recognizer.predict(digits.image(i));
                assertThat(answer.get("label").asInt()).isEqualTo(direct.label());
                assertProbabilities(answer, direct);
            }
            assertThat(batching.batcher().predictions()).isEqualTo(64);
        }
    }

    private static void assertServing() throws Exception {
        JsonNode answer = ok(post("application/json", pixelsJson(digits.image(0)).getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.get("label").asInt()).isEqualTo(recognizer.predict(digits.image(0)).label());
    }

    private static void assertProbabilities(JsonNode answer, Prediction direct) {
        JsonNode p = answer.get("probabilities");
        assertThat(p.size()).isEqualTo(10);
        // Batched and single forward passes may differ in the last float bits.
        for (int d = 0; d < 10; d++) assertThat(p.get(d).floatValue()).isCloseTo(direct.probabilities()[d], within(1e-5f));
    }

    private static void assertError(HttpResponse<String> response, int status, String messageStart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).startsWith(messageStart);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                .header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String pixelsJson(float[] pixels) {
        StringJoiner values = new StringJoiner(",", "{\"pixels\":[", "],\"scale\":255}");
        for (float p : pixels) values.add(Integer.toString(Math.round(p * 255)));
        return values.toString();
    }
}
