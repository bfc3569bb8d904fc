package digits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import digits.testing.Mnist;
import digits.testing.NearestMeanClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.mnistGray;
import static digits.testing.DigitImages.render;
import static digits.serve.DigitServerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decompression bombs: small uploads declaring (or holding) huge images. Over the pixel limit they get 413 from the
 * header alone, whatever the format; under it, large images decode a few at a time in their own lane, so real digits
 * sent meanwhile are answered at once.
 */
@Timeout(120)
class ImageBombTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NearestMeanClassifier model;
    private static Mnist.Digits digits;
    private static DigitServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        model = NearestMeanClassifier.trainedOnMnist();
        digits = Mnist.test(10);
        server = new DigitServer(model, JSON.createObjectNode(), DigitServer.Options.defaults().withPort(0)).start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theDefaultLimitIs16Megapixels() {
        assertThat(DigitServer.Options.defaults().maxImagePixels()).isEqualTo(16_000_000L);
    }

    @Test
    void imagesDeclaringMoreThanTheLimitAre413WithoutDecoding() throws Exception {
        Map<String, byte[]> bombs = Map.of(
                "20000x20000", ImageBombs.pngHeaderOnly(20000, 20000),
                "4001x4000", ImageBombs.pngHeaderOnly(4001, 4000),
                "6000x6000", ImageBombs.png(6000, 6000, 6, 16), // a real 280 KB bomb: 288 MB to inflate
                "30000x30000", ImageBombs.jpegClaiming(30000, 30000),
                "65535x65535", ImageBombs.gifClaiming(65535, 65535),
                "8000x8000", ImageBombs.bmpClaiming(8000, 8000));
        assertThat(bombs.get("20000x20000").length).isLessThan(1024);
        for (Map.Entry<String, byte[]> bomb : bombs.entrySet()) {
            // 413, not the decoder's 400 "blank": it was refused from the header, before any pixel was decoded.
            assertError(postImage("image/png", bomb.getValue()), 413, "request body: the image is " + bomb.getKey()
                    + " pixels (");
        }
        assertError(postImage("image/png", bombs.get("20000x20000")), 413,
                "request body: the image is 20000x20000 pixels (400.0 megapixels), more than the limit of 16.0 megapixels");
        assertError(postForm("bomb.gif", bombs.get("65535x65535")), 413, "bomb.gif: the image is 65535x65535 pixels (");

        // Ten at once, with a real digit among them.
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < 10; i++) flood.add(sendImage("image/png", bombs.get("6000x6000")));
        assertThat(postImage("image/png", digitPng(0)).statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<String>> answer : flood) assertError(answer.join(), 413, "request body: the image is 6000x6000");
    }

    @Test
    void largeImagesUnderTheLimitDoNotHoldUpSmallOnes() throws Exception {
        byte[] bomb = ImageBombs.png(3000, 3000, 6, 16); // 9 megapixels, 72 MB to inflate: under the limit, decoded
        List<CompletableFuture<HttpResponse<String>>> bombs = new ArrayList<>();
        for (int i = 0; i < 10; i++) bombs.add(sendImage("image/png", bomb));
        long until = System.nanoTime() + 20_000_000_000L;
        while (server.decodeGate().largeDecoding() == 0 && System.nanoTime() < until) Thread.sleep(5);
        assertThat(server.decodeGate().largeDecoding()).as("a large image is being decoded").isPositive();

        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = postImage("image/png", digitPng(i));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).get("label").asInt()).isEqualTo(model.predict(
                    new digits.api.ImagePreprocessor().preprocess(digitPng(i), "digit.png")).label());
            assertThat(seconds).as("digit %d answered while large images decode", i).isLessThan(3.0);
        }

        int decoded = 0;
        for (CompletableFuture<HttpResponse<String>> answer : bombs) {
            HttpResponse<String> response = answer.join();
            if (response.statusCode() == 503) {
                assertError(response, 503, "the server is busy decoding other large images");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
            } else {
                assertError(response, 400, "request body: the image is blank");
                decoded++;
            }
        }
        assertThat(decoded).as("large images under the limit are decoded, a few at a time").isPositive();
        assertThat(server.decodeGate().largeDecoding()).isZero();
    }

    @Test
    void aLowerLimitCanBeSet() throws Exception {
        try (DigitServer strict = new DigitServer(model, JSON.createObjectNode(),
                DigitServer.Options.defaults().withPort(0).withMaxImagePixels(100_000)).start()) {
            byte[] big = encode(render(digits.image(0), 400, 400, 60, 60, 10, true), "png");
            byte[] fits = encode(render(digits.image(0), 300, 300, 40, 40, 8, true), "png");
            HttpRequest refused = HttpRequest.newBuilder(strict.uri().resolve("api/predict"))
                    .header("Content-Type", "image/png").POST(BodyPublishers.ofByteArray(big)).build();
            assertError(http.send(refused, HttpResponse.BodyHandlers.ofString()), 413,
                    "request body: the image is 400x400 pixels (0.2 megapixels), more than the limit of 0.1 megapixels");
            HttpRequest accepted = HttpRequest.newBuilder(strict.uri().resolve("api/predict"))
                    .header("Content-Type", "image/png").POST(BodyPublishers.ofByteArray(fits)).build();
            assertThat(http.send(accepted, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static byte[] digitPng(int i) {
        return encode(mnistGray(digits.image(i)), "png");
    }

    private static CompletableFuture<HttpResponse<String>> sendImage(String type, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(server.uri().resolve("api/predict"))
                .header("Content-Type", type).POST(BodyPublishers.ofByteArray(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postImage(String type, byte[] body) throws Exception {
        return sendImage(type, body).get();
    }

    private static HttpResponse<String> postForm(String fileName, byte[] content) throws Exception {
        String boundary = "----digits-bomb-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return postImage("multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

}
