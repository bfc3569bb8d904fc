package digits.report;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.model.ModelStore;
import digits.testing.Chromium;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of a really trained model, opened in headless Chromium: every embedded picture decodes at its stated size. */
class ReportInBrowserTest {
    static Path reportFile;

    @BeforeAll
    static void writeReport(@TempDir Path dir) {
        Chromium.assumeInstalled();
        Path model = TrainedModels.logistic();
        Dataset test = MnistFiles.test().head(2000);
        float[] probabilities;
        try (ModelStore.Loaded loaded = ModelStore.load(model)) {
            probabilities = loaded.model().probabilities(test);
        }
        reportFile = dir.resolve("report.html");
        ModelReport.build(model, test, probabilities).write(reportFile);
    }

    @Test
    void everyImageOfTheModelReportLoads(@TempDir Path work) {
        Chromium.Images images = Chromium.images(reportFile, work);
        // bars, pie, samples, loss, accuracy, learning rate, heatmap, error gallery, probabilities
        assertThat(images).isEqualTo(new Chromium.Images(9, 0, 0, 0));
    }

    @Test
    void damagedPicturesAreCaught(@TempDir Path work) throws IOException {
        // the check can fail: replace the first embedded PNG by bytes that are no image, cut the second one short
        String html = Files.readString(reportFile);
        int first = html.indexOf("base64,") + "base64,".length();
        int second = html.indexOf("base64,", first) + "base64,".length();
        int secondEnd = html.indexOf('"', second);
        String damaged = html.substring(0, first) + "bm90IGEgcGljdHVyZQ==" + html.substring(html.indexOf('"', first), second)
                + html.substring(second, second + (secondEnd - second) / 2 / 4 * 4) + html.substring(secondEnd);
        Path file = work.resolve("damaged.html");
        Files.writeString(file, damaged);
        Chromium.Images images = Chromium.images(file, work);
        assertThat(images.total()).isEqualTo(9);
        assertThat(images.broken()).isEqualTo(1);
        assertThat(images.incomplete()).isEqualTo(1);
    }
}
