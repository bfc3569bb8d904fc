package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.testing.NearestMeanClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DNS rebinding: requests sent on raw sockets to 127.0.0.1 with other {@code Host} headers are refused with 421 and a
 * one-line JSON error on every route, before any route runs; the server's own names, with or without the port, work.
 */
class HostHeaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NearestMeanClassifier model;
    private static DigitServer server;
    private static String pixels;

    @BeforeAll
    static void start() {
        model = NearestMeanClassifier.trainedOnMnist();
        server = new DigitServer(model, JSON.createObjectNode().put("modelId", model.modelId()), 0).start();
        StringJoiner values = new StringJoiner(",", "{\"pixels\":[", "]}");
        for (int i = 0; i < 784; i++) values.add(i % 29 == 0 ? "1" : "0");
        pixels = values.toString();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theServersOwnNamesWorkWithOrWithoutThePort() throws Exception {
        int port = server.port();
        for (String host : List.of("127.0.0.1:" + port, "127.0.0.1", "localhost:" + port, "localhost", "LocalHost:" + port,
                "[::1]:" + port, "[::1]", "[0:0:0:0:0:0:0:1]:" + port)) {
            assertThat(get("/health", host).status()).as(host).isEqualTo(200);
            assertThat(postPixels(host).status()).as(host).isEqualTo(200);
        }
        assertThat(server.allowedHosts()).containsExactly("127.0.0.1", "localhost", "[::1]");
    }

    @Test
    void otherHostsAreRefusedOnEveryRoute() throws Exception {
        int port = server.port();
        List<String> foreign = List.of("attacker.example", "attacker.example:" + port, "localhost.attacker.example",
                "127.0.0.1.nip.io:" + port, "localhost.", "127.0.0.2", "[::2]:" + port, "0.0.0.0:" + port,
                "127.0.0.1_attacker.example");
        for (String host : foreign) {
            for (String path : List.of("/", "/health", "/api/model", "/api/predict", "/no/such/route")) {
                assertRefused(get(path, host), host);
            }
            assertRefused(postPixels(host), host);
            assertRefused(request("DELETE /api/model HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"), host);
        }
        // Malformed ones: Jetty's parser refuses some (400) before our filter would (421).
        for (String host : List.of("127.0.0.1:" + port + "@attacker.example", "127.0.0.1:http",
                "localhost:" + port + ":" + port, "127.0.0.1 attacker.example", "[::1]attacker.example")) {
            assertRefusedOrBad(get("/health", host));
            assertRefusedOrBad(postPixels(host));
        }
    }

    @Test
    void theMessageNamesTheHostAndWhatIsAllowed() throws Exception {
        RawHttp.Response refused = get("/health", "attacker.example:8080");
        assertThat(refused.status()).isEqualTo(421);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo(
                "host 'attacker.example:8080' is not served here; this server answers to 127.0.0.1, localhost, [::1]"
                        + " (start it with --allowed-host NAME to add a name)");
        assertThat(refused.head()).containsIgnoringCase("Content-Type: application/json");
    }

    @Test
    void aMissingEmptyOrDoubledHostIsRefused() throws Exception {
        // HTTP/1.0 may omit Host; HTTP/1.1 must send it (Jetty refuses its absence with 400 itself).
        assertRefused(request("GET /health HTTP/1.0\r\n\r\n"), "(none, HTTP/1.0)");
        assertRefusedOrBad(request("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assertRefusedOrBad(request("GET /health HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n"));
        assertRefusedOrBad(request("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n"));
        assertRefusedOrBad(request("GET /health HTTP/1.1\r\nHost: attacker.example\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void anAbsoluteRequestUriMustNameThisServerToo() throws Exception {
        assertRefusedOrBad(request("GET http://attacker.example/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        RawHttp.Response same = request("GET http://127.0.0.1:" + server.port() + "/health HTTP/1.1\r\nHost: 127.0.0.1:"
                + server.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(same.status()).as(same.body()).isEqualTo(200);
    }

    @Test
    void namesGivenWithAllowedHostAreAnsweredToo() throws Exception {
        try (DigitServer named = new DigitServer(model, JSON.createObjectNode(), DigitServer.Options.defaults().withPort(0)
                .withAllowedHosts(List.of("Digits.Example.org", "192.168.1.20", "[fd00::1]", "fd00::2")))) {
            named.start();
            int port = named.port();
            for (String host : List.of("digits.example.org", "digits.example.org:" + port, "DIGITS.EXAMPLE.ORG:80",
                    "192.168.1.20:" + port, "[fd00::1]:" + port, "[fd00:0::2]", "localhost:" + port)) {
                assertThat(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .status()).as(host).isEqualTo(200);
            }
            for (String host : List.of("other.example.org", "example.org", "www.digits.example.org", "192.168.1.21")) {
                assertRefused(RawHttp.exchange(port, "GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"), host);
            }
            assertThat(named.allowedHosts()).contains("digits.example.org", "192.168.1.20", "[fd00:0:0:0:0:0:0:1]");
        }
    }

    @Test
    void hostNamesAreCheckedWithoutLookingThemUp() {
        HostNames wildcard = HostNames.forServer("0.0.0.0", List.of());
        assertThat(wildcard.allows("0.0.0.0:8080")).isTrue();
        assertThat(wildcard.allows("localhost:8080")).isTrue();
        assertThat(wildcard.allows("[::1]")).isTrue();
        assertThat(wildcard.allows("192.168.1.5:8080")).isFalse();

        HostNames lan = HostNames.forServer("192.0.2.7", List.of("box.lan"));
        assertThat(lan.allows("192.0.2.7:8080")).isTrue();
        assertThat(lan.allows("box.lan")).isTrue();
        assertThat(lan.allows("localhost")).as("not bound to loopback").isFalse();

        for (String header : new String[] {null, "", " ", ":8080", "[::1", "::1", "box.lan:", "box.lan:123456",
                "box.lan:80a", "box.lan/x", "box lan", "box.lan\u0000", "[box.lan]", "*"}) {
            assertThat(lan.allows(header)).as(String.valueOf(header)).isFalse();
        }

        assertThat(HostNames.normalize("Box.LAN")).isEqualTo("box.lan");
        assertThat(HostNames.normalize("[FD00::1]")).isEqualTo("fd00:0:0:0:0:0:0:1");
        for (String bad : List.of("", "box.lan:8080", "http://box.lan", "box lan", "box.lan/", "-box", "a..b", "[box]",
                "fe80::1%eth0", "x".repeat(64) + ".lan")) {
            assertThatThrownBy(() -> HostNames.normalize(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a host name");
        }
        assertThatThrownBy(() -> DigitServer.Options.defaults().withAllowedHosts(List.of("box.lan:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'box.lan:8080' is not a host name");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static RawHttp.Response get(String path, String host) throws IOException {
        return request("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private static RawHttp.Response postPixels(String host) throws IOException {
        return request("POST /api/predict HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + pixels.length() + "\r\nConnection: close\r\n\r\n" + pixels);
    }

    private static RawHttp.Response request(String text) throws IOException {
        return RawHttp.exchange(server.port(), text);
    }

    private static void assertRefused(RawHttp.Response response, String host) throws IOException {
        assertThat(response.status()).as("Host: %s -> %s", host, response.body()).isEqualTo(421);
        assertOneLineJsonError(response);
        assertThat(response.body()).doesNotContain("label", "modelId", "<html");
    }

    /** Refused by our filter (421) or already by Jetty's parser (400): either way no route ran. */
    private static void assertRefusedOrBad(RawHttp.Response response) throws IOException {
        assertThat(response.status()).as(response.body()).isIn(400, 421);
        assertOneLineJsonError(response);
        assertThat(response.body()).doesNotContain("status\":\"ok");
    }

    private static void assertOneLineJsonError(RawHttp.Response response) throws IOException {
        assertThat(response.head().toLowerCase(Locale.ROOT)).contains("content-type: application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("error").asText()).isNotBlank().doesNotContain("\n");
    }
}
