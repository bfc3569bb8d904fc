package digits.cli;

import digits.testing.Chromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real two-configuration sweep: MLPs of 16 and 32-16 hidden units, one epoch of Adam (lr 0.01) on 3,000 MNIST digits. */
class SweepCommandTest {
    @TempDir
    static Path dir;
    static String output;
    static int code;

    @BeforeAll
    static void sweep() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        code = Main.execute(new String[]{"sweep", "--model", "mlp", "--hidden", "16; 32,16", "--epochs", "1", "--limit", "3000", "--lr", "0.01",
                "--threads", "2", "-o", dir.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        output = out + err.toString();
    }

    @Test
    void printsOneRowPerConfigurationAsItFinishes() {
        assertThat(code).as(output).isEqualTo(ExitCodes.OK);
        List<String> lines = output.lines().filter(l -> !l.startsWith("[W")).toList(); // PyTorch's own notice, if any
        assertThat(lines.get(0)).isEqualTo("Sweep: 2 configurations, 1 epoch each, adam lr 0.01; mnist-train: 2,700 training "
                + "and 300 validation images, 10,000 test images; 2 threads");
        assertThat(lines.get(1)).isEqualTo("config        params train acc  val acc test acc seconds");
        // parameters: 784*16+16 + 16*10+10 and 784*32+32 + 32*16+16 + 16*10+10
        assertThat(lines.get(2)).startsWith("mlp 16        12,730 ");
        assertThat(lines.get(3)).startsWith("mlp 32,16     25,818 ");
        for (String row : lines.subList(2, 4)) {
            String[] cells = row.substring("mlp 32,16".length()).trim().split("\\s+");
            assertThat(cells).hasSize(5);
            for (int i = 1; i <= 3; i++) assertThat(Double.parseDouble(cells[i])).as(row).isBetween(0.5, 1.0);
            assertThat(Double.parseDouble(cells[4])).isNotNegative(); // whole seconds: a tiny model may print 0
        }
        assertThat(lines.get(4)).startsWith("Swept 2 configurations in ").endsWith("wrote " + dir.resolve("sweep.csv") + ", "
                + dir.resolve("sweep.html") + ", " + dir.resolve("sweep-accuracy.png") + ", " + dir.resolve("sweep-time.png"));
    }

    @Test
    void savesTheTableAsCsvMatchingTheConsole() throws IOException {
        List<String> csv = Files.readAllLines(dir.resolve("sweep.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).isEqualTo("config,architecture,parameters,epochs,train_accuracy,val_accuracy,test_accuracy,test_loss,seconds");
        assertThat(csv.get(1)).startsWith("mlp 16,16-10,12730,1,");
        assertThat(csv.get(2)).startsWith("\"mlp 32,16\",32-16-10,25818,1,");
        // the console shows the CSV's test accuracy rounded to 4 places
        String[] cells = csv.get(2).split(",");
        String consoleRow = output.lines().filter(l -> l.startsWith("mlp 32,16 ")).findFirst().orElseThrow();
        assertThat(consoleRow).contains(String.format(java.util.Locale.ROOT, " %.4f ", Double.parseDouble(cells[cells.length - 3])));
    }

    @Test
    void sweepReportHasTheTableAndTwoChartsThatLoadInABrowser() throws IOException {
        String html = Files.readString(dir.resolve("sweep.html"));
        assertThat(html).contains("<h2>Results</h2>", "<td class=\"name\">mlp 32,16</td><td>25,818</td>",
                "<tr><th>epochs</th><td>1</td></tr>", "<h2>Sweep accuracy</h2>", "<h2>Sweep time</h2>");
        for (String chart : List.of("sweep-accuracy.png", "sweep-time.png")) {
            BufferedImage image = ImageIO.read(dir.resolve(chart).toFile());
            assertThat(image.getWidth()).isGreaterThanOrEqualTo(720);
            assertThat(image.getHeight()).isEqualTo(480);
        }
        // train, validation and test bars for both configurations: green (test) bars of real height
        BufferedImage accuracy = ImageIO.read(dir.resolve("sweep-accuracy.png").toFile());
        int green = 0;
        for (int y = 0; y < accuracy.getHeight(); y++) {
            for (int x = 0; x < accuracy.getWidth(); x++) if ((accuracy.getRGB(x, y) & 0xFFFFFF) == 0x2CA02C) green++;
        }
        assertThat(green).isGreaterThan(2 * 40 * 40);
        Chromium.assumeInstalled();
        assertThat(Chromium.images(dir.resolve("sweep.html"), Files.createDirectories(dir.resolve("browser"))))
                .isEqualTo(new Chromium.Images(2, 0, 0, 0));
    }

    @Test
    void modelsListExpandsMlpIntoOneConfigurationPerHiddenList() {
        SweepCommand command = new SweepCommand();
        new CommandLine(command).parseArgs("--models", "logistic; mlp ;32C3-P-128-10", "--hidden", "10,10;64");
        assertThat(command.candidates(command.training().request())).extracting(c -> c.name() + " = " + c.request().modelSpec())
                .containsExactly("logistic = 10", "mlp 10,10 = 10-10-10", "mlp 64 = 64-10", "32C3-P-128-10 = 32C3-P-128-10");
    }

    @Test
    void refusesHiddenSizesWithoutAnMlp() {
        StringWriter err = new StringWriter();
        int exit = Main.execute(new String[]{"sweep", "--models", "logistic;kaggle-cnn", "--hidden", "10"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).isEqualTo("digits: error: --hidden applies to mlp, which is not among the models swept\n");
    }
}
