package digits.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens an HTML file in headless Chromium (Debian's {@code chromium} package) and reports what the browser made of
 * its images. A copy of the page gets a small script that, once the page has loaded, writes into the DOM how many
 * images there are, how many failed to decode (naturalWidth 0), how many decoded only in part and how many decoded to
 * another size than their width/height attributes; Chromium's {@code --dump-dom} prints that DOM.
 */
public final class Chromium {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    /** Debian's chromium-driver, for tests that drive the browser (Selenium). */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Headless, and quiet on the network: no sandbox (tests may run as root), no GPU, no QUIC, no first-run, background,
     * component-update or sync traffic. Add {@code --user-data-dir} with a fresh directory.
     */
    public static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var images = Array.from(document.images);
              var body = document.body;
              // a PNG cut short still reports its size from the header, but the rows it lacks stay transparent
              var incomplete = images.filter(function (i) {
                if (i.naturalWidth === 0) return false;
                var canvas = document.createElement('canvas');
                canvas.width = i.naturalWidth;
                canvas.height = i.naturalHeight;
                var g = canvas.getContext('2d');
                g.drawImage(i, 0, 0);
                var pixels = g.getImageData(0, 0, canvas.width, canvas.height).data;
                for (var p = 3; p < pixels.length; p += 4) if (pixels[p] !== 255) return true;
                return false;
              });
              body.setAttribute('data-images', images.length);
              body.setAttribute('data-broken', images.filter(function (i) { return !i.complete || i.naturalWidth === 0; }).length);
              body.setAttribute('data-incomplete', incomplete.length);
              body.setAttribute('data-wrong-size', images.filter(function (i) {
                return i.naturalWidth !== Number(i.getAttribute('width')) || i.naturalHeight !== Number(i.getAttribute('height'));
              }).length);
              body.setAttribute('data-probe', 'done');
            });
            </script>
            """;
    private static final Pattern ATTRIBUTE = Pattern.compile("data-(images|broken|incomplete|wrong-size)=\"(\\d+)\"");

    /**
     * What the browser saw: all images, those it could not decode at all, those it decoded only in part (a
     * transparent pixel in pictures that are all opaque), and those of another size than the page says.
     */
    public record Images(int total, int broken, int incomplete, int wrongSize) {}

    private Chromium() {}

    /**
     * Skips the calling test (a JUnit assumption) when Chromium is not installed, and only then; under CI (where
     * {@code .ci/run} installs it) a missing browser fails the test instead.
     */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(BINARY);
        if (!installed && System.getenv("CI") != null) {
            throw new AssertionError(BINARY + " is missing on CI: .ci/run installs the chromium and chromium-driver packages");
        }
        Assumptions.assumeTrue(installed, BINARY + " is not installed (apt-get install chromium chromium-driver)");
    }

    /** Loads {@code html} (a file) in headless Chromium; {@code work} is an empty directory for the probe copy and profile. */
    public static Images images(Path html, Path work) {
        try {
            String page = Files.readString(html);
            int end = page.lastIndexOf("</body>");
            if (end < 0) throw new IllegalArgumentException(html + ": no </body>");
            Path probed = work.resolve("probed.html");
            Files.writeString(probed, page.substring(0, end) + PROBE + page.substring(end));
            String dom = dumpDom(probed, work);
            if (!dom.contains("data-probe=\"done\"")) {
                throw new AssertionError("the page's load event never ran in Chromium; DOM starts: "
                        + dom.substring(0, Math.min(300, dom.length())));
            }
            int total = -1, broken = -1, incomplete = -1, wrongSize = -1;
            Matcher m = ATTRIBUTE.matcher(dom);
            while (m.find()) {
                int value = Integer.parseInt(m.group(2));
                switch (m.group(1)) {
                    case "images" -> total = value;
                    case "broken" -> broken = value;
                    case "incomplete" -> incomplete = value;
                    default -> wrongSize = value;
                }
            }
            return new Images(total, broken, incomplete, wrongSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dumpDom(Path page, Path work) throws IOException {
        Path profile = Files.createDirectories(work.resolve("profile"));
        Path log = work.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        command.addAll(FLAGS);
        command.addAll(List.of("--user-data-dir=" + profile.toAbsolutePath(), "--dump-dom", page.toAbsolutePath().toUri().toString()));
        Path dom = work.resolve("dom.html");
        // output to files, not pipes, so a hung browser cannot block the test past its time limit
        Process process = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Chromium did not finish in 60 s; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while Chromium ran", e);
        }
        if (process.exitValue() != 0) throw new AssertionError("Chromium exited with " + process.exitValue() + "; see " + log);
        byte[] out = Files.readAllBytes(dom);
        return new String(out, StandardCharsets.UTF_8);
    }
}
