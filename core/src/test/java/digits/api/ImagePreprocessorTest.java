package digits.api;

import digits.data.InvalidInputException;
import digits.testing.Mnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

import static digits.testing.DigitImages.centreOfMass;
import static digits.testing.DigitImages.correlation;
import static digits.testing.DigitImages.ellipse;
import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.inkBox;
import static digits.testing.DigitImages.mnistGray;
import static digits.testing.DigitImages.render;
import static digits.testing.DigitImages.strokes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImagePreprocessorTest {
    private static final int DIGITS = 25;
    private static Mnist.Digits mnist;
    private final ImagePreprocessor preprocessor = new ImagePreprocessor();

    @BeforeAll
    static void load() {
        mnist = Mnist.test(DIGITS);
    }

    @Test
    void bigDarkOnLightDigitsComeBackAsTheOriginalMnistDigits() {
        for (int i = 0; i < DIGITS; i++) {
            float[] original = mnist.image(i);
            // 8x bigger, off-centre on a 300x400 white page.
            float[] result = preprocessor.preprocess(render(original, 300, 400, 30, 110, 8, true));

            assertThat(result).hasSize(784);
            assertThat(correlation(result, original)).as("digit %d correlation", i).isGreaterThan(0.8);
            double[] com = centreOfMass(result);
            assertThat(com[0]).as("digit %d centre x", i).isCloseTo(14.0, within(1.0));
            assertThat(com[1]).as("digit %d centre y", i).isCloseTo(14.0, within(1.0));
            int[] box = inkBox(result, ImagePreprocessor.INK_THRESHOLD);
            assertThat(Math.max(box[0], box[1])).as("digit %d longest side", i).isBetween(19, 20);
            // The aspect ratio survives: a narrow "1" stays narrow.
            int[] originalBox = inkBox(original, ImagePreprocessor.INK_THRESHOLD);
            assertThat(box[0]).as("digit %d width", i).isCloseTo(originalBox[0], within(2));
            assertThat(box[1]).as("digit %d height", i).isCloseTo(originalBox[1], within(2));
            assertThat(max(result)).isEqualTo(1f);
            for (float v : result) assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void lightOnDarkAndDarkOnLightGiveTheSameResult() {
        for (int i = 0; i < DIGITS; i++) {
            float[] dark = preprocessor.preprocess(render(mnist.image(i), 250, 300, 12, 20, 7, true));
            float[] light = preprocessor.preprocess(render(mnist.image(i), 250, 300, 12, 20, 7, false));
            assertThat(maxDifference(dark, light)).as("digit %d", i).isLessThan(0.02f);
        }
    }

    @Test
    void transparentBackgroundIsBackgroundWhateverTheInkColour() {
        float[] original = mnist.image(0);
        float[] reference = preprocessor.preprocess(render(original, 224, 224, 0, 0, 8, true));
        BufferedImage opaqueDark = render(original, 224, 224, 0, 0, 8, true);
        for (int inkRgb : new int[]{0x000000, 0xffffff, 0x1030c0}) {
            // Ink colour everywhere, coverage in the alpha channel: how drawing apps export strokes.
            BufferedImage transparent = new BufferedImage(224, 224, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < 224; y++) {
                for (int x = 0; x < 224; x++) {
                    int coverage = 255 - (opaqueDark.getRGB(x, y) & 0xff);
                    transparent.setRGB(x, y, coverage << 24 | inkRgb);
                }
            }
            float[] result = preprocessor.preprocess(encode(transparent, "png"), "strokes.png");
            assertThat(correlation(result, reference)).as("ink %06x", inkRgb).isGreaterThan(0.98);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif"})
    void readsEveryPromisedFormat(String format) {
        for (int i = 0; i < 5; i++) {
            byte[] encoded = encode(render(mnist.image(i), 200, 300, 40, 50, 4, true), format);
            float[] result = preprocessor.preprocess(encoded, "digit." + format);
            assertThat(correlation(result, mnist.image(i))).as("%s digit %d", format, i).isGreaterThan(0.8);
        }
    }

    @Test
    void anMnistDigitItselfIsReproducedClosely() {
        for (int i = 0; i < DIGITS; i++) {
            float[] original = mnist.image(i);
            float[] result = preprocessor.preprocess(encode(mnistGray(original), "png"), "mnist.png");
            assertThat(correlation(result, original)).as("digit %d", i).isGreaterThan(0.9);
        }
    }

    @Test
    void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("seven.png");
        Files.write(png, encode(render(mnist.image(0), 100, 100, 0, 0, 3, true), "png"));
        assertThat(correlation(preprocessor.preprocess(png), mnist.image(0))).isGreaterThan(0.8);

        Path text = dir.resolve("notes.png");
        Files.writeString(text, "this is not an image\n");
        assertThatThrownBy(() -> preprocessor.preprocess(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(text + ": not a readable PNG/JPEG/BMP/GIF image");

        Path missing = dir.resolve("missing.png");
        assertThatThrownBy(() -> preprocessor.preprocess(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void garbageAndTruncatedDataAreNotImages() {
        byte[] garbage = "GIF89a? no, just some text pretending".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> preprocessor.preprocess(garbage, "upload.gif"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("upload.gif: not a readable PNG/JPEG/BMP/GIF image");
        assertThatThrownBy(() -> preprocessor.preprocess(new byte[0], "empty.png"))
                .hasMessage("empty.png: not a readable PNG/JPEG/BMP/GIF image");

        byte[] png = encode(render(mnist.image(0), 200, 200, 0, 0, 7, true), "png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> preprocessor.preprocess(truncated, "cut.png"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cut.png: not a readable PNG/JPEG/BMP/GIF image");
    }

    @Test
    void blankImagesAreRefusedClearly() {
        for (int rgb : new int[]{0xffffff, 0x000000, 0x808080}) {
            BufferedImage plain = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 48; y++) for (int x = 0; x < 64; x++) plain.setRGB(x, y, rgb);
            assertThatThrownBy(() -> preprocessor.preprocess(encode(plain, "png"), "blank.png"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("blank.png: the image is blank (no digit found)");
        }
        BufferedImage clear = new BufferedImage(64, 48, BufferedImage.TYPE_INT_ARGB);
        assertThatThrownBy(() -> preprocessor.preprocess(clear))
                .hasMessage("image: the image is blank (no digit found)");
    }

    @Test
    void decompressionBombsAreRefusedFromTheHeaderBeforeDecoding() {
        // A PNG whose header claims 20000x20000 pixels (400 megapixels) but carries no pixel data at all.
        byte[] bomb = pngHeaderOnly(20_000, 20_000);
        assertThatThrownBy(() -> preprocessor.preprocess(bomb, "bomb.png"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("bomb.png: the image is 20000x20000 pixels (400.0 megapixels), "
                        + "more than the limit of 40.0 megapixels");

        // A real image over a configured limit is refused the same way.
        byte[] real = encode(render(mnist.image(0), 50, 40, 0, 0, 1, true), "png");
        assertThatThrownBy(() -> new ImagePreprocessor(1000).preprocess(real, "real.png"))
                .hasMessage("real.png: the image is 50x40 pixels (0.0 megapixels), more than the limit of 0.0 megapixels");
    }

    @Test
    void veryLargeImagesAreDecodedSubsampledAndStillRecognised() {
        assertThat(ImageDecoder.subsampling(4_000_000)).isEqualTo(1);
        assertThat(ImageDecoder.subsampling(4_000_001)).isEqualTo(2);
        assertThat(ImageDecoder.subsampling(40_000_000)).isEqualTo(4);
        // 2100x2000 = 4.2 megapixels: decoded at half resolution.
        byte[] bmp = encode(render(mnist.image(3), 2100, 2000, 300, 100, 64, true), "bmp");
        float[] result = preprocessor.preprocess(bmp, "big.bmp");
        assertThat(correlation(result, mnist.image(3))).isGreaterThan(0.8);
    }

    private static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        writeChunk(out, "IHDR", ihdr.array());
        writeChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void thickDrawnStrokesStayWithinTheUnitRange() {
        // Area averaging of full-intensity ink once summed to 1.0000001 here, which the model API refuses.
        BufferedImage zero = strokes(280, 20, ellipse(140, 140, 60, 90, 48));
        BufferedImage seven = strokes(280, 20, new double[][]{{80, 60}, {200, 60}}, new double[][]{{200, 60}, {120, 230}});
        for (BufferedImage drawing : new BufferedImage[]{zero, seven}) {
            float[] result = preprocessor.preprocess(drawing);
            for (float v : result) assertThat(v).isBetween(0f, 1f);
            assertThat(max(result)).isEqualTo(1f);
        }
    }

    private static float max(float[] values) {
        float m = 0;
        for (float v : values) m = Math.max(m, v);
        return m;
    }

    private static float maxDifference(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }
}
