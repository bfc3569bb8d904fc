package digits.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.testing.Chromium;
import digits.testing.DigitImages;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The drawing page end to end, in real headless Chromium driven by Selenium: a real MLP trained on MNIST behind the
 * real server; the test draws digits on the canvas with pointer input, the way a person's mouse does, and reads the
 * label the page shows. Screenshots go to {@code target/e2e/}.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} packages ({@code .ci/run} installs them); skipped when
 * Chromium is not installed, except under CI, where a missing browser is a failure ({@link Chromium#assumeInstalled}).
 */
class DrawingPageBrowserTest {
    static final Path SCREENSHOTS = Path.of("target", "e2e");
    /** The page's canvas is 280x280 CSS pixels; stroke points below are in its coordinates. */
    static final int PAD = 280;
    /** The number pad is 840x210 CSS pixels. */
    static final int NUMPAD_WIDTH = 840, NUMPAD_HEIGHT = 210;

    /** Selenium warns that it has no DevTools (CDP) bindings for this Chromium; the test uses only WebDriver. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private static DigitRecognizer recognizer;
    private static DigitServer server;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        Chromium.assumeInstalled();
        assertThat(Chromium.DRIVER).as("chromium is installed but chromedriver is not: apt-get install chromium-driver")
                .isExecutable();

        recognizer = DigitRecognizer.load(TrainedModels.mlp());
        server = new DigitServer(recognizer, ModelInfo.of(recognizer), DigitServer.Options.defaults().withPort(0)).start();

        Files.createDirectories(SCREENSHOTS);
        profile = Files.createTempDirectory("digits-chromium-");
        ChromeOptions options = new ChromeOptions();
        // An explicit browser and driver: Selenium Manager has nothing to look up or download.
        options.setBinary(Chromium.BINARY.toFile());
        options.addArguments(Chromium.FLAGS);
        options.addArguments("--no-default-browser-check", "--disable-extensions", "--disable-default-apps",
                "--disable-dev-shm-usage", "--window-size=1100,760", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Chromium.DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) browser.quit();
        if (server != null) server.stop();
        if (recognizer != null) recognizer.close();
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void drawnDigitsAreRecognisedOnThePage() throws Exception {
        browser.get(server.uri().toString());
        WebElement pad = browser.findElement(By.id("pad"));
        WebElement label = browser.findElement(By.id("label"));
        assertThat(pad.getSize().getWidth()).isEqualTo(PAD);
        await("the model id in the footer", () -> browser.findElement(By.id("model")).getText()
                .equals("model: " + recognizer.modelId()));
        assertThat(label.getText()).isEqualTo("–");

        // A 1: one vertical stroke.
        draw(pad, new int[][]{{140, 45}, {140, 235}});
        expectLabel(1, "draw-1.png");
        expectWhy(1);

        clear(label);
        // A 7: a bar, then a second stroke down to the left.
        draw(pad, new int[][]{{75, 60}, {205, 60}});
        draw(pad, new int[][]{{205, 60}, {170, 120}, {125, 235}});
        expectLabel(7, "draw-7.png");

        clear(label);
        // A 0: one closed oval stroke.
        List<int[]> oval = new ArrayList<>();
        for (double[] p : DigitImages.ellipse(140, 140, 60, 90, 36)) oval.add(new int[]{(int) Math.round(p[0]), (int) Math.round(p[1])});
        draw(pad, oval.toArray(new int[0][]));
        expectLabel(0, "draw.png");
    }

    /**
     * serve --user-data: after an answer, one key press (or one click) saves the drawing, as the model saw it, with the
     * right digit into the person's data set; the page then clears for the next digit.
     */
    @Test
    void aWrongAnswerIsCorrectedWithOneKeyAndSaved(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        try (digits.data.UserDigits store = digits.data.UserDigits.open(tmp.resolve("me"), 100);
             DigitServer learning = new DigitServer(recognizer, ModelInfo.of(recognizer),
                     DigitServer.Options.defaults().withPort(0)).withCorrections(new Corrections(store, null), null).start()) {
            browser.get(learning.uri().toString());
            WebElement pad = browser.findElement(By.id("pad"));
            WebElement label = browser.findElement(By.id("label"));
            WebElement correct = browser.findElement(By.id("correct"));
            assertThat(correct.isDisplayed()).isFalse();
            draw(pad, new int[][]{{140, 45}, {140, 235}});
            await("an answer", () -> !label.getText().equals("–"));
            await("the correction buttons", correct::isDisplayed);
            String seen = (String) browser.executeScript("return JSON.stringify(Array.from("
                    + "document.getElementById('seen').getContext('2d').getImageData(0, 0, 28, 28).data));");
            browser.findElement(By.tagName("body")).sendKeys("4");
            await("the saved message", () -> browser.findElement(By.id("status")).getText()
                    .equals("Saved as 4 (1 of your digits). Draw the next one"));
            assertThat(label.getText()).isEqualTo("–");
            assertThat(store.size()).isEqualTo(1);
            digits.data.Dataset saved = store.snapshot();
            assertThat(saved.label(0)).isEqualTo(4);
            // The saved pixels are the 28x28 input the page showed as "what the model saw".
            JsonNode rgba = new ObjectMapper().readTree(seen);
            for (int i = 0; i < 784; i++) {
                assertThat(Math.round(saved.image(0)[i] * 255)).isCloseTo(rgba.get(4 * i).asInt(), within(1));
            }

            draw(pad, new int[][]{{75, 60}, {205, 60}});
            draw(pad, new int[][]{{205, 60}, {170, 120}, {125, 235}});
            await("the correction buttons", correct::isDisplayed);
            correct.findElement(By.cssSelector("button[data-label='9']")).click();
            await("the second saved message", () -> browser.findElement(By.id("status")).getText().startsWith("Saved as 9 (2 "));
            Files.write(SCREENSHOTS.resolve("correct.png"), browser.getScreenshotAs(OutputType.BYTES));
            assertThat(store.snapshot().labels()).containsExactly(4, 9);
        }
    }

    @Test
    void aWrittenNumberIsReadAndEachDigitBoxedOnTheNumberPad() throws Exception {
        browser.get(server.uri().toString());
        WebElement numpad = browser.findElement(By.id("numpad"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", numpad);
        assertThat(numpad.getSize().getWidth()).isEqualTo(NUMPAD_WIDTH);
        // 1, 7 and 0 side by side, as on the digit pad but smaller
        draw(numpad, NUMPAD_WIDTH, NUMPAD_HEIGHT, new int[][]{{150, 40}, {150, 175}});
        draw(numpad, NUMPAD_WIDTH, NUMPAD_HEIGHT, new int[][]{{290, 45}, {395, 45}});
        draw(numpad, NUMPAD_WIDTH, NUMPAD_HEIGHT, new int[][]{{395, 45}, {370, 100}, {335, 175}});
        List<int[]> oval = new ArrayList<>();
        for (double[] p : DigitImages.ellipse(560, 108, 42, 66, 36)) oval.add(new int[]{(int) Math.round(p[0]), (int) Math.round(p[1])});
        draw(numpad, NUMPAD_WIDTH, NUMPAD_HEIGHT, oval.toArray(new int[0][]));

        JsonNode truth = serverAnswer("numpad", "api/read");
        String number = truth.get("number").asText();
        WebElement shown = browser.findElement(By.id("number"));
        await("the page to show the number read from the finished drawing", () -> shown.getText().equals(number)
                && String.valueOf(truth.get("digits").size()).equals(shown.getDomAttribute("data-digits")));
        Files.write(SCREENSHOTS.resolve("number.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertThat(number).as("the number drawn (answer %s)", truth).isEqualTo("170");
        // each digit's box is drawn over the pad: some of the overlay is the boxes' blue
        Number boxed = (Number) browser.executeScript(
                "const d = document.getElementById('numboxes').getContext('2d').getImageData(0, 0, 840, 210).data;"
                        + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i + 2] > 200) n++; return n;");
        assertThat(boxed.intValue()).isGreaterThan(3 * 200);
    }

    /** The server's answer at {@code endpoint} for the canvas {@code canvasId} as it is now, posted as the page posts it. */
    private static JsonNode serverAnswer(String canvasId, String endpoint) throws Exception {
        String dataUrl = (String) browser.executeScript("return document.getElementById('" + canvasId + "').toDataURL('image/png');");
        byte[] png = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.uri().resolve(endpoint)).header("Content-Type", "image/png")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static void draw(WebElement pad, int[][] points) {
        draw(pad, PAD, PAD, points);
    }

    /** One stroke through the points, as a mouse does: move there, press, move through the points, release. */
    private static void draw(WebElement pad, int width, int height, int[][] points) {
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "mouse");
        Sequence stroke = new Sequence(mouse, 0);
        // Element-relative offsets count from the element's centre.
        stroke.addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad),
                points[0][0] - width / 2, points[0][1] - height / 2));
        stroke.addAction(mouse.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        for (int i = 1; i < points.length; i++) {
            stroke.addAction(mouse.createPointerMove(Duration.ofMillis(60), PointerInput.Origin.fromElement(pad),
                    points[i][0] - width / 2, points[i][1] - height / 2));
        }
        stroke.addAction(mouse.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.perform(List.of(stroke));
    }

    /**
     * The label the page shows must be the server's answer for the finished drawing (the canvas, posted here as the
     * page posts it), and that answer must be the digit drawn.
     */
    private static void expectLabel(int digit, String screenshot) throws Exception {
        JsonNode truth = serverAnswer("pad", "api/predict");
        int answer = truth.get("label").asInt();
        float probability = truth.get("probabilities").get(answer).floatValue();

        WebElement label = browser.findElement(By.id("label"));
        await("the page to show the answer for the finished drawing", () -> label.getText().equals(String.valueOf(answer))
                && label.getDomAttribute("data-probability") != null
                && Math.abs(Float.parseFloat(label.getDomAttribute("data-probability")) - probability) < 1e-6);
        Files.write(SCREENSHOTS.resolve(screenshot), browser.getScreenshotAs(OutputType.BYTES));

        assertThat(answer).as("label for the drawn %d (probabilities %s)", digit, truth.get("probabilities")).isEqualTo(digit);
        assertThat(probability).isGreaterThan(0.5f);
        String confidence = browser.findElement(By.id("confidence")).getText();
        assertThat(Float.parseFloat(confidence.replace("%", ""))).isCloseTo(100 * probability, within(0.051f));
        List<WebElement> top = browser.findElements(By.cssSelector("#bars .bar.top"));
        assertThat(top).hasSize(1);
        assertThat(top.get(0).getDomAttribute("data-digit")).isEqualTo(String.valueOf(digit));
        // The 28x28 preview shows the input the model saw: some of it is ink.
        Number inked = (Number) browser.executeScript(
                "const d = document.getElementById('seen').getContext('2d').getImageData(0, 0, 28, 28).data;"
                        + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 128) n++; return n;");
        assertThat(inked.intValue()).isBetween(20, 400);
    }

    /**
     * After the pen is lifted the page asks for the saliency maps and shows them beside the probabilities: red pixels
     * where the ink supported the label, the label and runner-up named in the caption.
     */
    private static void expectWhy(int digit) {
        await("the saliency overlay", () -> browser.findElement(By.id("explain")).isDisplayed());
        assertThat(browser.findElement(By.id("why-label")).getText()).isEqualTo(String.valueOf(digit));
        assertThat(browser.findElement(By.id("why-runner")).getText()).matches("[0-9]").isNotEqualTo(String.valueOf(digit));
        Number red = (Number) browser.executeScript(
                "const d = document.getElementById('why').getContext('2d').getImageData(0, 0, 28, 28).data;"
                        + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 150 && d[i + 2] < 100) n++; return n;");
        assertThat(red.intValue()).isBetween(5, 300);
    }

    private static void clear(WebElement label) {
        browser.findElement(By.id("clear")).click();
        await("the page to clear", () -> label.getText().equals("–"));
        Number ink = (Number) browser.executeScript(
                "const d = document.getElementById('pad').getContext('2d').getImageData(0, 0, 280, 280).data;"
                        + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
        assertThat(ink.intValue()).isZero();
    }

    private static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("timed out waiting for " + what);
    }
}
