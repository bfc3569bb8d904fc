package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.Explanation;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.mnistGray;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code POST /api/predict?explain=true} with a real trained MLP and real MNIST test digits. */
class ExplainEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DigitRecognizer recognizer;
    private static DigitServer server;
    private static Mnist.Digits digits;

    @BeforeAll
    static void start() {
        recognizer = DigitRecognizer.load(TrainedModels.mlp());
        server = new DigitServer(recognizer, ModelInfo.of(recognizer), DigitServer.Options.defaults().withPort(0)).start();
        digits = Mnist.test(3);
    }

    @AfterAll
    static void stop() {
        server.stop();
        recognizer.close();
    }

    private static HttpResponse<String> post(String query, byte[] png) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("api/predict" + query))
                        .header("Content-Type", "image/png").POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void explainAddsBothMapsOfTheModelSeenInput() throws Exception {
        for (int i = 0; i < digits.size(); i++) {
            HttpResponse<String> response = post("?explain=true&input=true", encode(mnistGray(digits.image(i)), "png"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(response.body());
            JsonNode explain = answer.get("explain");
            assertThat(explain.get("label").asInt()).isEqualTo(answer.get("label").asInt());
            assertThat(explain.get("labelMap").size()).isEqualTo(784);
            assertThat(explain.get("runnerUpMap").size()).isEqualTo(784);
            float[] input = new float[784];
            for (int p = 0; p < 784; p++) input[p] = answer.get("input").get(p).floatValue();
            Explanation direct = recognizer.explain(input);
            assertThat(explain.get("runnerUp").asInt()).isEqualTo(direct.runnerUp());
            for (int p = 0; p < 784; p++) {
                assertThat(explain.get("labelMap").get(p).floatValue()).isCloseTo(direct.labelMap()[p], within(1e-4f));
                assertThat(explain.get("runnerUpMap").get(p).floatValue()).isCloseTo(direct.runnerUpMap()[p], within(1e-4f));
            }
        }
    }

    @Test
    void withoutExplainTheAnswerIsAsBeforeAndABadValueIs400() throws Exception {
        byte[] png = encode(mnistGray(digits.image(0)), "png");
        HttpResponse<String> plain = post("", png);
        assertThat(JSON.readTree(plain.body()).has("explain")).isFalse();
        assertThat(JSON.readTree(post("?explain=false", png).body()).has("explain")).isFalse();
        HttpResponse<String> bad = post("?explain=yes", png);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText())
                .isEqualTo("query parameter explain: expected true or false, got 'yes'");
    }
}
