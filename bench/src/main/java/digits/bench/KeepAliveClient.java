package digits.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept open for request after request, as a browser or a service client keeps it. The load
 * generator uses it instead of {@code java.net.http.HttpClient}: that client's own threads and per-request objects cost
 * as much CPU as the server it measures, and both share the same cores. It sends a prepared request as one write and
 * reads the answer by its {@code Content-Length} or chunks; it reconnects when the server closes the connection.
 */
final class KeepAliveClient implements AutoCloseable {
    /** Bound on an answer's header block, so that a broken server cannot make the client read forever. */
    private static final int MAX_HEAD = 16 * 1024;

    /** A status code and body. */
    record Answer(int status, byte[] body) {}

    private final InetSocketAddress address;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(URI target, int timeoutMillis) {
        this.address = new InetSocketAddress(target.getHost().replaceAll("^\\[|]$", ""), port(target));
        this.timeoutMillis = timeoutMillis;
    }

    /** The whole request, head and body, ready to send as many times as wanted. */
    static byte[] request(URI target, String contentType, byte[] body) {
        String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + port(target)
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private static int port(URI target) {
        return target.getPort() < 0 ? 80 : target.getPort();
    }

    /** Sends the prepared request and reads its answer; on a connection closed before the answer, tries once more. */
    Answer send(byte[] request) throws IOException {
        boolean fresh = socket == null;
        try {
            return exchange(request);
        } catch (IOException e) {
            close();
            if (fresh) throw e;
            return exchange(request); // the server closed an idle connection: a new one, once
        }
    }

    private Answer exchange(byte[] request) throws IOException {
        if (socket == null) connect();
        out.write(request);
        out.flush();
        String head = readHead();
        int status = status(head);
        String length = header(head, "content-length");
        byte[] body;
        if (length != null) {
            int expected = Integer.parseInt(length.trim());
            body = in.readNBytes(expected);
            if (body.length != expected) throw new EOFException("connection closed inside the answer's body");
        } else if ("chunked".equalsIgnoreCase(header(head, "transfer-encoding"))) {
            body = chunked();
        } else {
            body = in.readAllBytes(); // no length: the body ends with the connection
            close();
        }
        if ("close".equalsIgnoreCase(header(head, "connection"))) close();
        return new Answer(status, body);
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed before the answer");
            head.write(b);
            if (head.size() > MAX_HEAD) throw new IOException("answer head longer than " + MAX_HEAD + " bytes");
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int status(String head) throws IOException {
        String[] parts = head.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + head.lines().findFirst().orElse(""));
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line: " + head.lines().findFirst().orElse(""));
        }
    }

    /** The value of a header in the head (names compared without case), or null. */
    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) { /* trailers */ }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new EOFException("connection closed inside a chunked answer");
            if (b != '\r') line.append((char) b);
            if (line.length() > MAX_HEAD) throw new IOException("chunk line longer than " + MAX_HEAD + " bytes");
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a connection we no longer need
        } finally {
            socket = null;
        }
    }
}
