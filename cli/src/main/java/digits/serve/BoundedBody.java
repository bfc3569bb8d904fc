package digits.serve;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.RequestTimeoutResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body into memory, refusing more than a fixed number of bytes (413) whether or not the client
 * declared the length: a declared length over the cap is refused before reading anything; a chunked body is cut off
 * as soon as it passes the cap. A body that is not complete within its deadline, or that stops for longer than the
 * connector's idle timeout, gets 408.
 */
final class BoundedBody {
    private BoundedBody() {}

    static byte[] read(Context ctx, long maxBytes, Duration deadline) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge(maxBytes);
        long start = System.nanoTime();
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) throw tooLarge(maxBytes);
                // Checked after each read: a client that keeps sending a little, never idle long enough for the idle
                // timeout, is stopped here; one that stops sending is stopped by the idle timeout inside read.
                if (System.nanoTime() - start > deadline.toNanos()) throw tooSlow("was not complete within " + seconds(deadline));
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            if (isTimeout(e)) throw tooSlow("stopped arriving (" + Messages.firstLine(rootMessage(e)) + ")");
            // The client went away or sent a broken chunked body: its fault, not a server error.
            throw new BadRequestResponse("cannot read the request body: " + Messages.firstLine(e.getMessage()));
        }
    }

    private static RequestTimeoutResponse tooSlow(String what) {
        return new RequestTimeoutResponse("request body " + what);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return String.valueOf(root.getMessage());
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis / 1000.0 + " s";
    }

    private static ContentTooLargeResponse tooLarge(long maxBytes) {
        return new ContentTooLargeResponse("request body is larger than the limit of " + describe(maxBytes));
    }

    /** 1048576 -> "1 MB (1048576 bytes)"; sizes that are not whole KB or MB in bytes only. */
    static String describe(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) return (bytes >> 20) + " MB (" + bytes + " bytes)";
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) return (bytes >> 10) + " KB (" + bytes + " bytes)";
        return bytes + " bytes";
    }
}
