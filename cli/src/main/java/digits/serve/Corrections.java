package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.data.UserDigits;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UnsupportedMediaTypeResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code POST /api/correct}: the drawing page saves a digit the model got wrong, with its right label, into the
 * person's data set ({@link UserDigits}); {@code serve --user-data DIR} turns it on. Body: {@code application/json}
 * {@code {"pixels": [784 numbers], "label": 0-9}} (pixels as {@link PixelsJson} reads them).
 *
 * <p>Only a page this server sent may write: the request must carry that page's token (header
 * {@value #TOKEN_HEADER}; a fresh random value for each page load, written into the page, and kept for the last
 * {@value PageTokens#MAX_TOKENS} page loads of the last day, {@link PageTokens}), must not come from another origin ({@code Origin} and {@code Sec-Fetch-Site}, when the browser sends them, must name this server),
 * and like every request names this server in {@code Host} ({@link HostFilter}). Refusals: 403 (token, origin), 415
 * (not JSON), 400 (bad label or pixels), 507 (the data set is full).
 */
public final class Corrections {
    public static final String TOKEN_HEADER = "X-Digits-Token";
    /** The page's placeholder that {@link #page} fills with the token. */
    static final String TOKEN_META = "<meta name=\"digits-token\" content=\"\">";
    static final int INSUFFICIENT_STORAGE = 507;

    private final UserDigits digits;
    private final Learner learner;
    private final PageTokens tokens;

    /** @param learner fine-tunes after corrections ({@code serve --learn}), or null */
    public Corrections(UserDigits digits, Learner learner) {
        this(digits, learner, new PageTokens());
    }

    Corrections(UserDigits digits, Learner learner, PageTokens tokens) {
        this.digits = digits;
        this.learner = learner;
        this.tokens = tokens;
    }

    /** The page with a token of its own in it (one per page load). */
    byte[] page(byte[] html) {
        String text = new String(html, StandardCharsets.UTF_8);
        if (!text.contains(TOKEN_META)) throw new IllegalStateException("the page has no token placeholder " + TOKEN_META);
        return text.replace(TOKEN_META, "<meta name=\"digits-token\" content=\"" + tokens.issue() + "\">")
                .getBytes(StandardCharsets.UTF_8);
    }

    void correct(Context ctx, HostNames hosts, int port, ObjectMapper mapper, long maxBodyBytes, Duration bodyDeadline) {
        checkOrigin(ctx, hosts, port);
        String given = ctx.header(TOKEN_HEADER);
        if (given == null || !tokens.accepts(given)) {
            throw new ForbiddenResponse(given == null ? "missing " + TOKEN_HEADER + " header: only the drawing page of "
                    + "this server may save digits" : "wrong " + TOKEN_HEADER + " (not one this server gave a page, or "
                    + "too old): reload the page");
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            throw new UnsupportedMediaTypeResponse("send application/json {\"pixels\": [784 numbers], \"label\": 0-9}");
        }
        byte[] body = BoundedBody.read(ctx, maxBodyBytes, bodyDeadline);
        float[] pixels = PixelsJson.parse(body, mapper);
        int label = label(body, mapper);
        int saved;
        try {
            saved = digits.append(pixels, label);
        } catch (UserDigits.FullException e) {
            throw new HttpResponseException(INSUFFICIENT_STORAGE, "the user data set is full (" + digits.max()
                    + " digits): nothing more is saved");
        }
        if (learner != null) learner.digitAdded();
        ObjectNode answer = mapper.createObjectNode();
        answer.put("saved", saved);
        answer.put("max", digits.max());
        answer.put("label", label);
        ctx.status(200).contentType("application/json").result(answer.toString());
    }

    /** What {@code GET /api/learn} says: how many digits are saved, and the last fine-tune when learning. */
    ObjectNode status(ObjectMapper mapper) {
        ObjectNode s = mapper.createObjectNode();
        s.put("digits", digits.size());
        s.put("max", digits.max());
        s.put("learning", learner != null);
        if (learner != null) {
            s.put("learnEvery", learner.every());
            ObjectNode last = learner.lastAttempt();
            if (last != null) s.set("lastAttempt", last);
        }
        return s;
    }

    private static int label(byte[] body, ObjectMapper mapper) {
        JsonNode label;
        try {
            label = mapper.readTree(body).get("label");
        } catch (java.io.IOException e) {
            throw new BadRequestResponse("request body is not valid JSON");
        }
        if (label == null || !label.isIntegralNumber() || label.asLong() < 0 || label.asLong() > 9) {
            throw new BadRequestResponse("\"label\" must be a whole number from 0 to 9, found "
                    + (label == null ? "nothing" : Messages.abbreviate(label.toString())));
        }
        return label.asInt();
    }

    /** Refuses a request that a page of another origin sent (browsers say where a request comes from). */
    private static void checkOrigin(Context ctx, HostNames hosts, int port) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new ForbiddenResponse("a " + Messages.abbreviate(site) + " request may not save digits");
        }
        String origin = ctx.header("Origin");
        if (origin == null) return;
        String refusal = "origin '" + Messages.abbreviate(origin.replaceAll("[^\\p{Print}]", "?"))
                + "' may not save digits: only this server's own page may";
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            throw new ForbiddenResponse(refusal);
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() != port
                || !hosts.allows(uri.getHost()) || (uri.getPath() != null && !uri.getPath().isEmpty())) {
            throw new ForbiddenResponse(refusal);
        }
    }
}
