package digits.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 on a plain socket, for requests no well-behaved client sends: odd Host headers, dribbled heads. */
final class RawHttp implements AutoCloseable {
    /** A response: status line code, the head, the body. */
    record Response(int status, String head, String body) {}

    private final Socket socket;
    private final InputStream in;
    private final long openedNanos = System.nanoTime();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    /** Sends a whole request on a new connection and reads the answer (the server closes or answers in 10 s). */
    static Response exchange(int port, String request) throws IOException {
        try (RawHttp http = new RawHttp(port)) {
            http.send(request);
            return http.readResponse(10_000);
        }
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Seconds since the connection opened. */
    double seconds() {
        return (System.nanoTime() - openedNanos) / 1e9;
    }

    /**
     * Waits up to {@code millis} for the server to close the connection: true when it did (end of stream, or a reset),
     * false when it is still open. Bytes that arrive meanwhile are kept in {@link #received()}.
     */
    boolean closedWithin(int millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000L;
        byte[] buffer = new byte[4096];
        while (true) {
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) return false;
            socket.setSoTimeout((int) Math.max(1, left));
            try {
                int n = in.read(buffer);
                if (n < 0) return true;
                received.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    /** Sends text, reporting false when the server has closed the connection (broken pipe, reset). */
    boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    String received() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one response with a Content-Length (as this server sends), waiting up to {@code millis} in all. */
    Response readResponse(int millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000L;
        socket.setSoTimeout(millis);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int headEnd = -1;
        int length = -1;
        byte[] buffer = new byte[4096];
        while (true) {
            if (headEnd < 0) {
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                headEnd = text.indexOf("\r\n\r\n");
                if (headEnd >= 0) {
                    length = contentLength(text.substring(0, headEnd));
                }
            }
            if (headEnd >= 0 && bytes.size() >= headEnd + 4 + length) break;
            if (System.nanoTime() > end) throw new SocketTimeoutException("no complete response in " + millis + " ms: " + bytes);
            int n = in.read(buffer);
            if (n < 0) {
                if (headEnd < 0) throw new IOException("connection closed without a response: '" + bytes + "'");
                break;
            }
            bytes.write(buffer, 0, n);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        String head = text.substring(0, headEnd);
        String body = text.substring(headEnd + 4, Math.min(text.length(), headEnd + 4 + Math.max(0, length)));
        int status = Integer.parseInt(head.substring(9, 12));
        return new Response(status, head, body);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
