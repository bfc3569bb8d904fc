package digits.report;

import digits.testdata.MnistSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PicturesTest {
    final BufferedImage digit = Pictures.digit(MnistSample.test(1).image(0), 2);

    private static void assertSamePixels(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) assertThat(actual.getRGB(x, y)).isEqualTo(expected.getRGB(x, y));
        }
    }

    @Test
    void savesALosslessPngAtomically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pictures").resolve("seven.png");
        Pictures.save(digit, file);
        assertSamePixels(ImageIO.read(file.toFile()), digit);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void dataUriHoldsThePng() throws IOException {
        String uri = Pictures.dataUri(digit);
        assertThat(uri).startsWith("data:image/png;base64,iVBORw0KGgo"); // the PNG signature, base64
        byte[] png = Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        assertSamePixels(ImageIO.read(new ByteArrayInputStream(png)), digit);
    }

    @Test
    void sideBySideKeepsBothPictures() {
        BufferedImage pair = Pictures.sideBySide(List.of(digit, digit), 10);
        assertThat(pair.getWidth()).isEqualTo(56 + 10 + 56);
        assertThat(pair.getHeight()).isEqualTo(56);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) assertThat(pair.getRGB(x + 66, y)).isEqualTo(digit.getRGB(x, y));
        }
    }
}
