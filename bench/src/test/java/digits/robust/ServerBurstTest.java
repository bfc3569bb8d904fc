package digits.robust;

import digits.testing.TrainedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.Prediction;
import digits.bench.ServerRss;
import digits.data.Dataset;
import digits.serve.DigitServer;
import digits.serve.ModelInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of concurrent clients against a real model: good requests (real MNIST test digits as JSON, whose answer
 * is known from asking the model directly) mixed with malformed ones (garbage, 10 MB, NaN, 783 pixels, wrong content
 * type, path traversal, broken HTTP). Zero wrong answers to the good ones; every bad one a 4xx with a JSON error;
 * the server answers normally afterwards.
 */
@Timeout(180)
class ServerBurstTest {
    static final int CLIENTS = 8;
    static final int REQUESTS_PER_CLIENT = 150;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DigitRecognizer model;
    private static Dataset digits;
    private static Prediction[] expected;

    @BeforeAll
    static void loadModelAndDigits() {
        model = DigitRecognizer.load(TrainedModel.directory());
        digits = RealInputs.digits(200);
        expected = new Prediction[digits.size()];
        for (int i = 0; i < digits.size(); i++) expected[i] = model.predict(digits.image(i));
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    /** A malformed request: how to send it and the status it must get. */
    record Bad(String name, int status, Function<URI, Answer> send) {}

    /** What came back: status, content type and body. */
    record Answer(int status, String contentType, String body) {}

    @ParameterizedTest(name = "batching {0}")
    @ValueSource(booleans = {false, true})
    void burstOfGoodAndMalformedRequests(boolean batching) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        DigitServer.Options options = DigitServer.Options.defaults().withPort(0).withBatching(batching);
        try (DigitServer server = new DigitServer(model, ModelInfo.of(model), options).start()) {
            URI base = server.uri();
            List<Bad> bad = malformed(http);
            AtomicInteger good = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<String> wrong = Collections.synchronizedList(new ArrayList<>());
            ConcurrentHashMap<String, Integer> refusedByKind = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(100 + c);
                done.add(clients.submit(() -> {
                    for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                        if (random.nextBoolean()) {
                            int i = random.nextInt(digits.size());
                            Answer a = post(http, base, "application/json", ServerRss.pixelsJson(digits.image(i)).getBytes(StandardCharsets.UTF_8));
                            String problem = checkGood(a, i);
                            if (problem != null) wrong.add("digit " + i + ": " + problem);
                            good.incrementAndGet();
                        } else {
                            Bad b = bad.get(random.nextInt(bad.size()));
                            Answer a = b.send().apply(base);
                            String problem = checkBad(a, b);
                            if (problem != null) wrong.add(b.name() + ": " + problem);
                            refused.incrementAndGet();
                            refusedByKind.merge(b.name(), 1, Integer::sum);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            clients.shutdown();

            System.out.printf("burst (batching %s): %d good requests, %d malformed ones of %d kinds, %d problems%n",
                    batching, good.get(), refused.get(), refusedByKind.size(), wrong.size());
            assertThat(wrong).isEmpty();
            assertThat(good.get() + refused.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
            assertThat(refusedByKind.keySet()).as("every kind of malformed request was sent").hasSize(bad.size());

            // Still serving, and still right.
            Answer health = get(http, base.resolve("health"));
            assertThat(health.status()).isEqualTo(200);
            assertThat(checkGood(post(http, base, "application/json", ServerRss.pixelsJson(digits.image(0)).getBytes(StandardCharsets.UTF_8)), 0)).isNull();
        }
    }

    private static String checkGood(Answer a, int index) {
        if (a.status() != 200) return "status " + a.status() + " " + a.body();
        try {
            JsonNode answer = JSON.readTree(a.body());
            Prediction direct = expected[index];
            if (answer.get("label").asInt() != direct.label()) {
                return "label " + answer.get("label").asInt() + ", asked directly " + direct.label();
            }
            for (int k = 0; k < 10; k++) {
                double p = answer.get("probabilities").get(k).asDouble();
                if (Math.abs(p - direct.probabilities()[k]) > 1e-5) return "probability " + k + " is " + p + ", directly " + direct.probabilities()[k];
            }
            float[] sent = digits.image(index);
            for (int k = 0; k < sent.length; k++) {
                if (answer.get("input").get(k).floatValue() != sent[k]) return "input pixel " + k + " differs from what was sent";
            }
            return null;
        } catch (IOException e) {
            return "not JSON: " + e.getMessage();
        }
    }

    private static String checkBad(Answer a, Bad b) {
        if (a.status() != b.status()) return "status " + a.status() + ", expected " + b.status() + ": " + a.body();
        if (a.contentType() == null || !a.contentType().startsWith("application/json")) return "content type " + a.contentType();
        try {
            JsonNode error = JSON.readTree(a.body()).get("error");
            if (error == null || !error.isTextual() || error.asText().isBlank()) return "no error message: " + a.body();
        } catch (IOException e) {
            return "not JSON: " + a.body();
        }
        if (a.body().contains("root:") || a.body().contains("Exception") || a.body().contains("\tat ")) return "leaks: " + a.body();
        return null;
    }

    /** The malformed requests, each with the status it must get. */
    private static List<Bad> malformed(HttpClient http) {
        byte[] garbage = new byte[2048];
        new Random(9).nextBytes(garbage);
        byte[] tenMegabytes = new byte[10 << 20];
        java.util.Arrays.fill(tenMegabytes, (byte) '1');
        float[] digit = digits.image(0);
        String valid = ServerRss.pixelsJson(digit);
        List<Bad> bad = new ArrayList<>();
        bad.add(new Bad("binary garbage as JSON", 400, base -> post(http, base, "application/json", garbage)));
        bad.add(new Bad("10 MB body", 413, base -> post(http, base, "application/json", tenMegabytes)));
        bad.add(new Bad("NaN pixel", 400, base -> postJson(http, base, valid.replaceFirst("\\[0\\.0,", "[NaN,"))));
        bad.add(new Bad("1e400 pixel (Infinity)", 400, base -> postJson(http, base, valid.replaceFirst("\\[0\\.0,", "[1e400,"))));
        bad.add(new Bad("783 pixels", 400, base -> postJson(http, base, valid.replaceFirst("\\[0\\.0,", "["))));
        bad.add(new Bad("785 pixels", 400, base -> postJson(http, base, valid.replaceFirst("\\[0\\.0,", "[0.0,0.0,"))));
        bad.add(new Bad("negative pixel", 400, base -> postJson(http, base, valid.replaceFirst("\\[0\\.0,", "[-0.5,"))));
        bad.add(new Bad("pixel as a string", 400, base -> postJson(http, base, valid.replaceFirst("\\[0\\.0,", "[\"abc\","))));
        bad.add(new Bad("scale 7", 400, base -> postJson(http, base, valid.replace("}", ",\"scale\":7}"))));
        bad.add(new Bad("pixels not an array", 400, base -> postJson(http, base, "{\"pixels\": 5}")));
        bad.add(new Bad("duplicate key", 400, base -> postJson(http, base, valid.replace("}", ",\"pixels\":[]}"))));
        bad.add(new Bad("JSON nested 100,000 deep", 400, base -> postJson(http, base, "{\"pixels\":" + "[".repeat(100_000))));
        bad.add(new Bad("empty JSON body", 400, base -> postJson(http, base, "")));
        bad.add(new Bad("JSON cut in half", 400, base -> postJson(http, base, valid.substring(0, valid.length() / 2))));
        bad.add(new Bad("text/plain", 415, base -> post(http, base, "text/plain", valid.getBytes(StandardCharsets.UTF_8))));
        bad.add(new Bad("garbage as image/png", 400, base -> post(http, base, "image/png", garbage)));
        bad.add(new Bad("form without the image field", 400, base -> post(http, base, "multipart/form-data; boundary=XyZ",
                ("--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nhello\r\n--XyZ--\r\n").getBytes(StandardCharsets.UTF_8))));
        bad.add(new Bad("GET /api/predict", 405, base -> get(http, base.resolve("api/predict"))));
        bad.add(new Bad("GET /../../etc/passwd", 400, base -> raw(base, "GET /../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")));
        bad.add(new Bad("GET /%2e%2e/%2e%2e/etc/passwd", 400, base -> raw(base, "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")));
        bad.add(new Bad("GET /api/..%2f..%2fetc%2fpasswd", 400, base -> raw(base, "GET /api/..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")));
        bad.add(new Bad("GET /pom.xml", 404, base -> get(http, base.resolve("pom.xml"))));
        bad.add(new Bad("unknown method", 405, base -> raw(base, "HELLO /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")));
        bad.add(new Bad("header line without a colon", 400, base -> raw(base, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n")));
        bad.add(new Bad("control character in the path", 400, base -> raw(base, "GET /he\u0001alth HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
        return bad;
    }

    private static Answer postJson(HttpClient http, URI base, String body) {
        return post(http, base, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer post(HttpClient http, URI base, String contentType, byte[] body) {
        return send(http, HttpRequest.newBuilder(base.resolve("api/predict?input=true")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static Answer get(HttpClient http, URI uri) {
        return send(http, HttpRequest.newBuilder(uri).GET().build());
    }

    private static Answer send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
        } catch (IOException e) {
            return new Answer(-1, null, "client failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "interrupted");
        }
    }

    /** A request written byte for byte on a socket: HTTP clients would clean up these paths before sending them. */
    private static Answer raw(URI base, String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.ISO_8859_1);
            int headerEnd = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || headerEnd < 0) return new Answer(-1, null, text);
            int status = Integer.parseInt(text.substring(9, 12));
            String contentType = null;
            for (String line : text.substring(0, headerEnd).split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) contentType = line.substring(13).trim();
            }
            return new Answer(status, contentType, text.substring(headerEnd + 4));
        } catch (IOException e) {
            return new Answer(-1, null, "socket failed: " + e);
        }
    }
}
