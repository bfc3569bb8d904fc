package digits.cli;

import digits.data.KaggleCsvWriter;
import digits.data.MnistFiles;
import digits.testing.Chromium;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {
    static final List<String> PICTURES = List.of("label-distribution-bar", "label-distribution-pie", "samples", "curves-loss",
            "curves-accuracy", "learning-rate", "confusion", "per-class", "errors", "errors-explained", "probabilities");
    @TempDir
    Path dir;
    final CliRun cli = new CliRun();

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void writesTheReportAndEveryPictureOfARealModel() throws IOException {
        Path model = TrainedModels.logistic();
        Path html = dir.resolve("out").resolve("logistic.html");
        Path pictures = dir.resolve("pictures");
        int code = run("report", "--model", model.toString(), "--output", html.toString(), "--pictures", pictures.toString(),
                "--threads", "2");
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        StringBuilder expected = new StringBuilder("Report: " + html + "\nPictures (11): " + pictures + "\n");
        for (String name : PICTURES) expected.append("  ").append(name).append(".png\n");
        assertThat(cli.out()).isEqualTo(expected.toString());

        String page = Files.readString(html);
        assertThat(page).contains("<h1>digits report: logistic</h1>", "mnist-test (10,000 images)");
        assertThat(page.split("<img src=\"data:image/png;base64,", -1)).hasSize(11);
        try (var files = Files.list(pictures)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactlyElementsOf(PICTURES.stream().map(n -> n + ".png").sorted().toList());
        }
        for (String name : PICTURES) {
            BufferedImage image = ImageIO.read(pictures.resolve(name + ".png").toFile());
            assertThat(image.getWidth() * image.getHeight()).as(name).isGreaterThan(300 * 300);
            assertThat(Files.size(pictures.resolve(name + ".png"))).as(name).isBetween(5_000L, 150_000L);
        }

        Chromium.assumeInstalled();
        assertThat(Chromium.images(html, Files.createDirectories(dir.resolve("browser")))).isEqualTo(new Chromium.Images(10, 0, 0, 0));
    }

    @Test
    void defaultOutputIsReportHtmlInTheModelDirectory() throws IOException {
        Path model = dir.resolve("copy");
        Files.createDirectories(model);
        try (var files = Files.list(TrainedModels.logistic())) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, model.resolve(f.getFileName()));
        }
        Files.deleteIfExists(model.resolve("report.html"));
        // a labelled Kaggle train.csv of 300 real test digits works as evaluation data too
        Path csv = dir.resolve("train.csv");
        KaggleCsvWriter.writeTrain(csv, MnistFiles.test().head(300));
        assertThat(run("report", "-m", model.toString(), "-i", csv.toString(), "--image", "7")).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).isEqualTo("Report: " + model.resolve("report.html") + "\n");
        assertThat(Files.readString(model.resolve("report.html"))).contains("train.csv (300 images)", "<p class=\"muted\">train.csv image #7</p>");
    }

    @Test
    void refusesUnlabelledDataAndMissingModelsInOneLine() {
        Path csv = dir.resolve("test.csv");
        KaggleCsvWriter.writeTest(csv, MnistFiles.test().head(20));
        assertThat(run("report", "--model", TrainedModels.logistic().toString(), "--input", csv.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: " + csv + " has no labels: a report needs labelled data "
                + "(e.g. mnist-test or a train.csv)\n");

        StringWriter err2 = new StringWriter();
        Path missing = dir.resolve("no-model");
        int code = Main.execute(new String[]{"report", "--model", missing.toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(err2, true));
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err2.toString()).isEqualTo("digits: error: " + missing + ": not a model directory (no such directory)\n");
        assertThat(dir.resolve("no-model")).doesNotExist();

        StringWriter err3 = new StringWriter();
        code = Main.execute(new String[]{"report", "--model", TrainedModels.logistic().toString(), "--image", "10000"},
                new PrintWriter(new StringWriter()), new PrintWriter(err3, true));
        assertThat(code).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err3.toString()).isEqualTo("digits: error: --image 10000: mnist-test has images 0 to 9999\n");
    }
}
