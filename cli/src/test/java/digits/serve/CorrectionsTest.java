package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.data.UserDigits;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/correct} on a server over a real trained model: the page's token, this server's origin and a right
 * label save a real MNIST digit into the person's data set; everything else is refused and nothing is written.
 */
class CorrectionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Mnist.Digits DIGITS = Mnist.test(60);
    private static DigitRecognizer recognizer;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;
    private UserDigits store;
    private DigitServer server;

    @BeforeAll
    static void load() {
        recognizer = DigitRecognizer.load(TrainedModels.logistic());
    }

    @AfterAll
    static void unload() {
        recognizer.close();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
        if (store != null) store.close();
    }

    private String start(int max) throws Exception {
        return start(max, new PageTokens());
    }

    /** Starts the server and loads the page once: that page's token. */
    private String start(int max, PageTokens tokens) throws Exception {
        store = UserDigits.open(tmp.resolve("me"), max);
        server = new DigitServer(recognizer, ModelInfo.of(recognizer), DigitServer.Options.defaults().withPort(0))
                .withCorrections(new Corrections(store, null, tokens), null).start();
        return loadPage();
    }

    /** GET / as a browser does; the token written into this page load. */
    private String loadPage() throws Exception {
        String page = HTTP.send(HttpRequest.newBuilder(server.uri()).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("<meta name=\"digits-token\" content=\"([0-9a-f]{48})\">").matcher(page);
        assertThat(m.find()).as("the page carries its token").isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(String body, String token, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve("api/correct"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header(Corrections.TOKEN_HEADER, token);
        if (origin != null) b.header("Origin", origin);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String digit(int i, Object label) throws Exception {
        List<Float> pixels = new ArrayList<>();
        for (float v : DIGITS.image(i)) pixels.add(v);
        return JSON.writeValueAsString(java.util.Map.of("pixels", pixels, "label", label));
    }

    private String ownOrigin() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void thePageSavesRealDigitsWithTheirRightLabels() throws Exception {
        String token = start(100);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post(digit(i, DIGITS.labels()[i]), token, i % 2 == 0 ? ownOrigin() : null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.get("saved").asInt()).isEqualTo(i + 1);
            assertThat(answer.get("label").asInt()).isEqualTo(DIGITS.labels()[i]);
        }
        Dataset saved = UserDigits.load(tmp.resolve("me"));
        assertThat(saved.size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(saved.label(i)).isEqualTo(DIGITS.labels()[i]);
            assertThat(saved.image(i)).containsExactly(DIGITS.image(i));
        }
        JsonNode status = JSON.readTree(HTTP.send(HttpRequest.newBuilder(server.uri().resolve("api/learn")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(status.get("digits").asInt()).isEqualTo(5);
        assertThat(status.get("learning").asBoolean()).isFalse();
    }

    @Test
    void writesWithoutTheTokenOrFromAnotherOriginAreForbidden() throws Exception {
        String token = start(100);
        assertForbidden(post(digit(0, 7), null, null), "missing X-Digits-Token");
        assertForbidden(post(digit(0, 7), token.substring(1) + "0", null), "wrong X-Digits-Token");
        for (String origin : List.of("http://evil.example", "http://127.0.0.1:1", "https://127.0.0.1:" + server.port(),
                "null", "http://localhost.evil.example:" + server.port())) {
            assertForbidden(post(digit(0, 7), token, origin), "may not save digits");
        }
        HttpResponse<String> crossSite = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("api/correct"))
                .header("Content-Type", "application/json").header(Corrections.TOKEN_HEADER, token)
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString(digit(0, 7))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertForbidden(crossSite, "cross-site request may not save digits");
        // Another Host (DNS rebinding) never reaches the endpoint.
        RawHttp.Response rebound = RawHttp.exchange(server.port(), "POST /api/correct HTTP/1.1\r\nHost: evil.example\r\n"
                + "Content-Type: application/json\r\n" + Corrections.TOKEN_HEADER + ": " + token
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(rebound.status()).isEqualTo(421);
        assertThat(UserDigits.load(tmp.resolve("me")).size()).isZero();
    }

    @Test
    void eachPageLoadGetsItsOwnTokenAndOnlyTheLastOnesAreKept() throws Exception {
        String first = start(100, new PageTokens(3, PageTokens.MAX_AGE));
        String second = loadPage();
        assertThat(second).isNotEqualTo(first);
        // Both open pages can write, each with its own token; a made-up token cannot.
        assertThat(post(digit(0, DIGITS.labels()[0]), first, ownOrigin()).statusCode()).isEqualTo(200);
        assertThat(post(digit(1, DIGITS.labels()[1]), second, ownOrigin()).statusCode()).isEqualTo(200);
        assertForbidden(post(digit(2, 7), "0".repeat(48), ownOrigin()), "wrong X-Digits-Token");
        // Three more page loads: the server keeps 3 tokens, so the first two pages must be reloaded.
        String latest = null;
        for (int i = 0; i < 3; i++) latest = loadPage();
        assertForbidden(post(digit(2, 7), first, ownOrigin()), "reload the page");
        assertForbidden(post(digit(2, 7), second, ownOrigin()), "reload the page");
        assertThat(post(digit(2, DIGITS.labels()[2]), latest, ownOrigin()).statusCode()).isEqualTo(200);
        assertThat(UserDigits.load(tmp.resolve("me")).size()).isEqualTo(3);
    }

    @Test
    void badLabelsAndBodiesAre400And415AndSaveNothing() throws Exception {
        String token = start(100);
        for (Object label : List.of(10, -1, 3.5, "7", true)) {
            HttpResponse<String> r = post(digit(0, label), token, ownOrigin());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("\"label\" must be a whole number from 0 to 9");
        }
        HttpResponse<String> noPixels = post("{\"label\": 3}", token, null);
        assertThat(noPixels.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noPixels.body()).get("error").asText()).contains("\"pixels\" must be an array");
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(server.uri().resolve("api/correct"))
                .header("Content-Type", "text/plain").header(Corrections.TOKEN_HEADER, token)
                .POST(HttpRequest.BodyPublishers.ofString(digit(0, 7))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(UserDigits.load(tmp.resolve("me")).size()).isZero();
    }

    @Test
    void aFullDataSetAnswers507AndKeepsWhatItHas() throws Exception {
        String token = start(2);
        assertThat(post(digit(0, DIGITS.labels()[0]), token, null).statusCode()).isEqualTo(200);
        assertThat(post(digit(1, DIGITS.labels()[1]), token, null).statusCode()).isEqualTo(200);
        HttpResponse<String> full = post(digit(2, DIGITS.labels()[2]), token, null);
        assertThat(full.statusCode()).isEqualTo(507);
        assertThat(JSON.readTree(full.body()).get("error").asText()).isEqualTo(
                "the user data set is full (2 digits): nothing more is saved");
        assertThat(UserDigits.load(tmp.resolve("me")).size()).isEqualTo(2);
    }

    @Test
    void withoutUserDataThereIsNoWriteEndpointAndNoToken() throws Exception {
        try (DigitServer plain = new DigitServer(recognizer, ModelInfo.of(recognizer),
                DigitServer.Options.defaults().withPort(0)).start()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(plain.uri().resolve("api/correct"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(digit(0, 7))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            String page = HTTP.send(HttpRequest.newBuilder(plain.uri()).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains(Corrections.TOKEN_META);
        }
        assertThat(Files.exists(tmp.resolve("me"))).isFalse();
    }

    private static void assertForbidden(HttpResponse<String> r, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains(message);
    }
}
