package digits.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveClientTest {

    /** Answers each request on a connection with the next canned answer; records requests and connections. */
    private static final class CannedServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        volatile int connections;

        CannedServer(List<String> answers) throws IOException {
            Thread thread = new Thread(() -> serve(answers));
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(List<String> answers) {
            int next = 0;
            while (next < answers.size()) {
                try (Socket s = socket.accept()) {
                    connections++;
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    while (next < answers.size()) {
                        String request = readRequest(in);
                        if (request == null) break;
                        requests.add(request);
                        String answer = answers.get(next++);
                        out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        if (answer.contains("Connection: close")) break;
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        /** Head and body (by Content-Length); null at the end of the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return null;
                head.write(b);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = Integer.parseInt(text.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
            return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api/predict?input=true");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void readsAnswersByLengthAndByChunksOverOneConnectionAndReconnectsAfterClose() throws Exception {
        try (CannedServer server = new CannedServer(List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nbad\r\n6;x=y\r\n input\r\n0\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain"));
             KeepAliveClient client = new KeepAliveClient(server.uri(), 5000)) {
            byte[] request = KeepAliveClient.request(server.uri(), "application/json", "{\"pixels\":[]}".getBytes(StandardCharsets.UTF_8));

            KeepAliveClient.Answer first = client.send(request);
            assertThat(first.status()).isEqualTo(200);
            assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
            KeepAliveClient.Answer chunked = client.send(request);
            assertThat(chunked.status()).isEqualTo(400);
            assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("bad input");
            assertThat(new String(client.send(request).body(), StandardCharsets.UTF_8)).isEqualTo("ok");
            assertThat(new String(client.send(request).body(), StandardCharsets.UTF_8)).isEqualTo("again");

            assertThat(server.connections).isEqualTo(2);
            assertThat(server.requests).hasSize(4).allSatisfy(r -> assertThat(r)
                    .startsWith("POST /api/predict?input=true HTTP/1.1\r\nHost: 127.0.0.1:" + server.socket.getLocalPort() + "\r\n")
                    .contains("Content-Type: application/json\r\nContent-Length: 13\r\n\r\n")
                    .endsWith("{\"pixels\":[]}"));
        }
    }

    @Test
    void aConnectionThatClosesBeforeAnsweringIsAnError() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the test only needs the connection closed
                }
            });
            closer.start();
            URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            try (KeepAliveClient client = new KeepAliveClient(uri, 5000)) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.send(KeepAliveClient.request(uri, "text/plain", new byte[1])))
                        .isInstanceOf(IOException.class).hasMessageContaining("connection closed before the answer");
            }
            closer.join(5000);
        }
    }
}
