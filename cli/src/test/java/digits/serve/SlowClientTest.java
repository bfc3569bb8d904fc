package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.testing.NearestMeanClassifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients on raw sockets against a server with short deadlines (head 1 s, idle 1 s, body 2 s): a request head
 * dribbled a line at a time (slowloris) is cut off at the head deadline even though no pause reaches the idle timeout;
 * a slow but complete request, and kept-alive connections used at a normal pace, still work.
 */
@Timeout(60)
class SlowClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DigitServer.Timeouts SHORT =
            new DigitServer.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
    /** Slack on top of a deadline for a loaded 2-core build machine. */
    private static final int SLACK_MILLIS = 2_000;
    private static DigitServer server;

    @BeforeAll
    static void start() {
        NearestMeanClassifier model = NearestMeanClassifier.trainedOnMnist();
        server = new DigitServer(model, JSON.createObjectNode(),
                DigitServer.Options.defaults().withPort(0).withTimeouts(SHORT)).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theDefaultsAreTenSecondsForTheHeadAndIdleAndThirtyForTheBody() {
        DigitServer.Timeouts defaults = DigitServer.Options.defaults().timeouts();
        assertThat(defaults).isEqualTo(DigitServer.Timeouts.DEFAULTS);
        assertThat(defaults.head()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.idle()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.body()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void headerLinesDribbledBelowTheIdleTimeoutAreCutOffAtTheHeadDeadline() throws Exception {
        try (RawHttp slow = new RawHttp(server.port())) {
            slow.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            int lines = 0;
            boolean closed = false;
            while (!closed && slow.seconds() < 1 + SLACK_MILLIS / 1000.0 + 1) {
                // One header line every 200 ms: each pause is far below the 1 s idle timeout.
                closed = !slow.trySend("X-Slow-" + lines + ": " + lines + "\r\n") || slow.closedWithin(200);
                lines++;
            }
            double seconds = slow.seconds();
            assertThat(closed).as("closed after %.2f s and %d lines", seconds, lines).isTrue();
            assertThat(seconds).isBetween(0.9, 1.0 + SLACK_MILLIS / 1000.0);
            assertThat(lines).as("header lines sent before the cut").isGreaterThanOrEqualTo(3);
            assertThat(slow.received()).as("no answer to a head never finished").isEmpty();
        }
        assertServing();
    }

    @Test
    void aRequestLineDribbledACharacterAtATimeIsCutOffToo() throws Exception {
        try (RawHttp slow = new RawHttp(server.port())) {
            String line = "GET /health HTTP/1.1\r\n";
            boolean closed = false;
            for (int i = 0; i < line.length() && !closed; i++) {
                closed = !slow.trySend(line.substring(i, i + 1)) || slow.closedWithin(150);
            }
            assertThat(closed).as("closed after %.2f s", slow.seconds()).isTrue();
            assertThat(slow.seconds()).isBetween(0.9, 1.0 + SLACK_MILLIS / 1000.0);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheDeadline() throws Exception {
        try (RawHttp silent = new RawHttp(server.port())) {
            assertThat(silent.closedWithin(1_000 + SLACK_MILLIS)).isTrue();
            assertThat(silent.seconds()).isGreaterThanOrEqualTo(0.9);
            assertThat(silent.received()).isEmpty();
        }
    }

    @Test
    void aSlowButCompleteHeadIsAnswered() throws Exception {
        try (RawHttp slow = new RawHttp(server.port())) {
            slow.send("GET /health HTTP/1.1\r\n");
            Thread.sleep(250);
            slow.send("Host: 127.0.0.1\r\n");
            Thread.sleep(250);
            slow.send("Connection: close\r\n\r\n");
            RawHttp.Response response = slow.readResponse(5_000);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    @Test
    void theDeadlineIsPerRequestOnAKeptAliveConnection() throws Exception {
        try (RawHttp kept = new RawHttp(server.port())) {
            // Three requests 600 ms apart: 1.2 s on one connection, more than the 1 s deadline, each head in time.
            for (int i = 0; i < 3; i++) {
                if (i > 0) Thread.sleep(600);
                kept.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(kept.readResponse(5_000).status()).as("request %d", i).isEqualTo(200);
            }
            assertThat(kept.seconds()).isGreaterThan(1.0);
            // The next head dribbled: cut off a deadline after the last answer.
            kept.send("GET /health HTTP/1.1\r\n");
            boolean closed = false;
            for (int i = 0; i < 20 && !closed; i++) closed = !kept.trySend("X-" + i + ": 1\r\n") || kept.closedWithin(200);
            assertThat(closed).isTrue();
        }
    }

    @Test
    void aBodyThatStopsGets408AtTheIdleTimeout() throws Exception {
        try (RawHttp slow = new RawHttp(server.port())) {
            slow.send("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5000\r\n\r\n{\"pixels\": [0, 0, 0");
            assertTimedOut(slow, 1.0, "request body stopped arriving");
        }
        assertServing();
    }

    @Test
    void aBodyTrickledBelowTheIdleTimeoutGets408AtTheBodyDeadline() throws Exception {
        try (RawHttp slow = new RawHttp(server.port())) {
            slow.send("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5000\r\n\r\n{\"pixels\": [");
            boolean answered = false;
            while (!answered && slow.seconds() < 2 + SLACK_MILLIS / 1000.0 + 1) {
                // 40 bytes every 250 ms: never idle for the 1 s idle timeout.
                if (!slow.trySend("0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ")) break;
                answered = slow.closedWithin(250) || slow.received().contains("\r\n\r\n{");
            }
            assertTimedOut(slow, 2.0, "request body was not complete within 2 s");
        }
        assertServing();
    }

    @Test
    void aChunkedBodyTrickledBelowTheIdleTimeoutGets408Too() throws Exception {
        try (RawHttp slow = new RawHttp(server.port())) {
            slow.send("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            boolean answered = false;
            while (!answered && slow.seconds() < 2 + SLACK_MILLIS / 1000.0 + 1) {
                if (!slow.trySend("10\r\n0123456789abcdef\r\n")) break;
                answered = slow.closedWithin(250) || slow.received().contains("\r\n\r\n{");
            }
            assertTimedOut(slow, 2.0, "request body was not complete within 2 s");
        }
    }

    /** The server answered 408 with the JSON error after about {@code afterSeconds}, or at least closed then. */
    private static void assertTimedOut(RawHttp slow, double afterSeconds, String message) throws Exception {
        slow.closedWithin(afterSeconds > slow.seconds() ? (int) ((afterSeconds - slow.seconds()) * 1000) + SLACK_MILLIS : SLACK_MILLIS);
        double seconds = slow.seconds();
        String received = slow.received();
        assertThat(received).as("after %.2f s", seconds).startsWith("HTTP/1.1 408 ");
        JsonNode error = JSON.readTree(received.substring(received.indexOf("\r\n\r\n") + 4));
        assertThat(error.get("error").asText()).startsWith(message).doesNotContain("\n");
        assertThat(seconds).isBetween(afterSeconds - 0.1, afterSeconds + SLACK_MILLIS / 1000.0);
    }

    private static void assertServing() throws Exception {
        RawHttp.Response health = RawHttp.exchange(server.port(),
                "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(health.status()).isEqualTo(200);
    }
}
