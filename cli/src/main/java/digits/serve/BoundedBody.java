package digits.serve;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body into memory, refusing more than a fixed number of bytes (413) whether or not the client
 * declared the length: a declared length over the cap is refused before reading anything; a chunked body is cut off
 * as soon as it passes the cap.
 */
final class BoundedBody {
    private BoundedBody() {}

    static byte[] read(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge(maxBytes);
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) throw tooLarge(maxBytes);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            // The client went away or sent a broken chunked body: its fault, not a server error.
            throw new BadRequestResponse("cannot read the request body: " + Messages.firstLine(e.getMessage()));
        }
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
