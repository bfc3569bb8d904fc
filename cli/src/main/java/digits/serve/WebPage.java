package digits.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drawing page, a single self-contained HTML file bundled in the jar ({@value #RESOURCE}). Its Content-Security-Policy
 * allows exactly the page's own inline script and style (by SHA-256 hash) and requests to this server, so the browser
 * itself guarantees the page loads nothing from anywhere else.
 */
final class WebPage {
    static final String RESOURCE = "/web/index.html";
    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private final byte[] html;
    private final String contentSecurityPolicy;

    private WebPage(byte[] html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    static WebPage load() {
        try (InputStream in = WebPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the build");
            byte[] html = in.readAllBytes();
            String text = new String(html, StandardCharsets.UTF_8);
            String csp = "default-src 'none'; "
                    + "script-src " + hashes(SCRIPT, text) + "; "
                    + "style-src " + hashes(STYLE, text) + "; "
                    + "img-src 'self' data:; connect-src 'self'; "
                    + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            return new WebPage(html, csp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    byte[] html() {
        return html.clone();
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    private static String hashes(Pattern element, String html) {
        List<String> sources = new ArrayList<>();
        Matcher m = element.matcher(html);
        while (m.find()) sources.add("'sha256-" + sha256(m.group(1)) + "'");
        return sources.isEmpty() ? "'none'" : String.join(" ", sources);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return Base64.getEncoder().encodeToString(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
