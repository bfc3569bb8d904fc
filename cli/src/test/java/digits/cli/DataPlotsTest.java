package digits.cli;

import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits data --plots DIR}: the data exploration pictures of real MNIST data. */
class DataPlotsTest {
    @TempDir
    Path dir;
    final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    private static int darkPixels(BufferedImage image) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) if ((image.getRGB(x, y) & 0xFF) < 100) n++;
        }
        return n;
    }

    @Test
    void labelledDataGetsLabelChartsAndSamples() throws IOException {
        Path plots = dir.resolve("plots");
        assertThat(run("data", "--input", "mnist-test", "--plots", plots.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
        List<String> names = List.of("samples.png", "label-distribution-bar.png", "label-distribution-pie.png");
        for (String name : names) assertThat(cli.out()).contains("wrote " + plots.resolve(name) + "\n");
        try (var files = Files.list(plots)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(names);
        }
        BufferedImage bars = ImageIO.read(plots.resolve("label-distribution-bar.png").toFile());
        assertThat(bars.getWidth()).isEqualTo(800);
        assertThat(bars.getHeight()).isEqualTo(500);
        BufferedImage pie = ImageIO.read(plots.resolve("label-distribution-pie.png").toFile());
        assertThat(pie.getWidth()).isEqualTo(560);
        // 40 real digits at 4x4 screen pixels per MNIST pixel: tens of thousands of dark pixels
        BufferedImage samples = ImageIO.read(plots.resolve("samples.png").toFile());
        assertThat(darkPixels(samples)).isGreaterThan(40 * 784 * 16 / 10);
        assertThat(samples.getWidth()).isGreaterThan(10 * 112);
    }

    @Test
    void unlabelledCsvGetsSamplesOnlyAndBrokenRowsAreLeftOut() throws IOException {
        Path csv = dir.resolve("test.csv");
        KaggleCsvWriter.writeTest(csv, MnistFiles.test().head(30));
        Path plots = dir.resolve("plots");
        assertThat(run("data", "-i", csv.toString(), "--plots", plots.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
        try (var files = Files.list(plots)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("samples.png");
        }
        // a file with one bad row still gets pictures of its valid rows, then the usual refusal (exit code 2)
        List<String> lines = Files.readAllLines(csv);
        lines.set(3, lines.get(3).replaceFirst("^0,", "x,"));
        Files.write(csv, lines);
        Path plots2 = dir.resolve("plots2");
        assertThat(run("data", "-i", csv.toString(), "--plots", plots2.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(plots2.resolve("samples.png")).exists();
        assertThat(cli.err()).contains("1 problem in 1 of 30 rows");
    }
}
