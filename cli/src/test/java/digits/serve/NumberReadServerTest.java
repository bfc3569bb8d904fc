package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.NumberReader;
import digits.api.NumberReading;
import digits.api.PairModels;
import digits.data.SyntheticNumbers;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;

import static digits.serve.DigitServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code POST /api/read}: numbers made from real MNIST test digits, read by a real CNN behind the real server. */
class NumberReadServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SyntheticNumbers NUMBERS = SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.TUNING);
    private static DigitRecognizer recognizer;
    private static DigitServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        recognizer = DigitRecognizer.load(TrainedModels.smallCnn());
        server = new DigitServer(recognizer, ModelInfo.of(recognizer), DigitServer.Options.defaults().withPort(0)).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.stop();
        recognizer.close();
    }

    @Test
    void answersTheNumberWithEachDigitsBoxAsTheReaderReadsIt() throws Exception {
        NumberReader reader = new NumberReader(recognizer);
        int exact = 0;
        for (int seed = 0; seed < 10; seed++) {
            SyntheticNumbers.Number n = NUMBERS.generate(seed, 4, SyntheticNumbers.Kind.SEPARATED);
            NumberReading direct = reader.read(n.image());
            JsonNode answer = readsAsTheReader(server, n, direct);
            JsonNode box = answer.get("digits").get(0).get("box");
            assertThat(box.get("x").asInt()).isEqualTo(direct.digits().get(0).box().x());
            assertThat(box.get("width").asInt()).isEqualTo(direct.digits().get(0).box().width());
            assertThat(answer.get("digits").get(0).get("probabilities").size()).isEqualTo(10);
            assertThat(answer.get("modelId").asText()).isEqualTo(recognizer.modelId());
            assertThat(answer.get("millis").isNumber()).isTrue();
            if (direct.number().equals(n.digits())) exact++;
        }
        assertThat(exact).as("4-digit numbers read exactly, of 10").isGreaterThanOrEqualTo(5);
    }

    @Test
    void withPairModelsTouchingPairsAreReadWholeAsTheReaderReadsThem() throws Exception {
        try (PairModels pairs = PairModels.load(TrainedModels.pairModels());
             DigitServer withPairs = new DigitServer(recognizer, ModelInfo.of(recognizer),
                     DigitServer.Options.defaults().withPort(0)).withPairModels(pairs).start()) {
            NumberReader pairReader = new NumberReader(recognizer, pairs);
            NumberReader plain = new NumberReader(recognizer);
            int differs = 0;
            for (int seed = 0; seed < 8; seed++) {
                SyntheticNumbers.Number n = NUMBERS.generate(seed, 3, SyntheticNumbers.Kind.TOUCHING);
                NumberReading direct = pairReader.read(n.image());
                readsAsTheReader(withPairs, n, direct);
                if (!direct.number().equals(plain.read(n.image()).number())) differs++;
            }
            // the pair models take part: some touching numbers are read otherwise than without them
            assertThat(differs).as("touching numbers read otherwise with the pair models, of 8").isPositive();
            assertThatThrownBy(() -> withPairs.withPairModels(pairs)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("pair models must be given before the server starts");
        }
    }

    /** Posts the number's picture and checks that the answer is the reader's {@code direct} reading of it. */
    private static JsonNode readsAsTheReader(DigitServer to, SyntheticNumbers.Number n, NumberReading direct) throws Exception {
        HttpResponse<String> response = post(to, "image/png", png(n.image()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("number").asText()).isEqualTo(direct.number());
        assertThat(answer.get("confidence").floatValue()).isEqualTo(direct.confidence());
        assertThat(answer.get("digits").size()).isEqualTo(direct.digits().size());
        return answer;
    }

    @Test
    void badRequestsGetJsonErrorsAndTheServerKeepsServing() throws Exception {
        assertError(post(server, "text/plain", new byte[]{1, 2, 3}), 415,
                "unsupported Content-Type 'text/plain': send multipart/form-data (field 'image'), image/png, image/jpeg, "
                        + "image/bmp or image/gif");
        assertError(post(server, "application/json", "{\"pixels\": []}".getBytes()), 415, "unsupported Content-Type 'application/json'");
        assertError(post(server, "image/png", "not a picture".getBytes()), 400,
                "request body: not a readable PNG/JPEG/BMP/GIF image");
        BufferedImage white = new BufferedImage(300, 80, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 80; y++) for (int x = 0; x < 300; x++) white.getRaster().setSample(x, y, 0, 255);
        assertError(post(server, "image/png", png(white)), 400, "request body: the image is blank (no digit found)");
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(server.uri().resolve("api/read")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(get, 405, "method GET is not allowed on /api/read");
        assertThat(post(server, "image/png", png(NUMBERS.generate(1, 3, SyntheticNumbers.Kind.TOUCHING).image())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        byte[] number = png(NUMBERS.generate(2, 8, SyntheticNumbers.Kind.SEPARATED).image());
        assertThat(number.length).isGreaterThan(1024);
        try (DigitServer small = new DigitServer(recognizer, ModelInfo.of(recognizer),
                DigitServer.Options.defaults().withPort(0).withMaxBodyBytes(1024)).start()) {
            assertError(post(small, "image/png", number), 413, "request body is larger than the limit of 1 KB (1024 bytes)");
        }
    }

    private static HttpResponse<String> post(DigitServer to, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(to.uri().resolve("api/read"))
                .header("Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
