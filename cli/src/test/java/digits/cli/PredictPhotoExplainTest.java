package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.data.render.Condition;
import digits.report.SaliencyPicture;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static digits.testing.DigitImages.encode;
import static digits.testing.DigitImages.mnistGray;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code digits predict --preprocess} and {@code --explain DIR} on real MNIST test digits, with a real trained MLP. */
class PredictPhotoExplainTest {
    private static Path model;
    private static DigitRecognizer recognizer;
    private static Dataset test;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void train() {
        model = TrainedModels.mlp();
        recognizer = DigitRecognizer.load(model);
        Mnist.Digits digits = Mnist.test(20);
        test = new Dataset("mnist-test", digits.pixels(), digits.labels());
    }

    @AfterAll
    static void close() {
        recognizer.close();
    }

    private int run(String... args) {
        return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    /** Photos of test digits on ruled paper, as JPEG files. */
    private static List<Path> photos(Path dir, int count) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("photo-%02d.jpg", i));
            Files.write(file, encode(Condition.PHOTO_RULED.picture(test, i, 3), "jpeg"));
            files.add(file);
        }
        return files;
    }

    private int[] labels(String json) throws Exception {
        JsonNode array = new ObjectMapper().readTree(json);
        int[] labels = new int[array.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = array.get(i).get("label").asInt();
        return labels;
    }

    private static int right(int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) if (labels[i] == test.label(i)) right++;
        return right;
    }

    @Test
    void photosAreReadWithThePhotoPreprocessingAndAutoChoosesIt(@TempDir Path dir) throws Exception {
        photos(dir, 20);
        assertThat(run("predict", "-m", model.toString(), "--json", "--preprocess", "photo", dir.toString())).isEqualTo(ExitCodes.OK);
        int[] photo = labels(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("predict", "-m", model.toString(), "--json", dir.toString())).isEqualTo(ExitCodes.OK);
        int[] auto = labels(out.toString());
        out.getBuffer().setLength(0);
        assertThat(run("predict", "-m", model.toString(), "--json", "--preprocess", "mnist", dir.toString())).isEqualTo(ExitCodes.OK);
        int[] mnist = labels(out.toString());
        assertThat(right(photo)).isGreaterThanOrEqualTo(16);
        assertThat(auto).containsExactly(photo);
        assertThat(right(mnist)).isLessThan(right(photo) - 6);
    }

    @Test
    void unknownModeIsBadInput(@TempDir Path dir) throws Exception {
        List<Path> files = photos(dir, 1);
        assertThat(run("predict", "-m", model.toString(), "--preprocess", "scan", files.get(0).toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("unknown preprocessing 'scan': use auto, mnist, photo");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void explainWritesOneDecodablePictureperImage(@TempDir Path dir) throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        Path other = Files.createDirectory(dir.resolve("other"));
        for (int i = 0; i < 3; i++) Files.write(in.resolve("d" + i + ".png"), encode(mnistGray(test.image(i)), "png"));
        Files.write(other.resolve("d0.png"), encode(mnistGray(test.image(3)), "png"));
        Path explain = dir.resolve("why/maps");
        assertThat(run("predict", "-m", model.toString(), "--explain", explain.toString(), in.toString(),
                other.resolve("d0.png").toString())).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).isEmpty();
        for (String name : List.of("d0.explain.png", "d1.explain.png", "d2.explain.png", "d0-2.explain.png")) {
            BufferedImage picture = ImageIO.read(explain.resolve(name).toFile());
            assertThat(picture).as(name).isNotNull();
            assertThat(picture.getWidth()).isEqualTo(28 * SaliencyPicture.SCALE);
            assertThat(picture.getHeight()).isGreaterThan(28 * SaliencyPicture.SCALE);
            int red = 0;
            for (int y = 0; y < picture.getWidth(); y++) {
                for (int x = 0; x < picture.getWidth(); x++) {
                    int rgb = picture.getRGB(x, y);
                    if (((rgb >> 16) & 255) > 150 && (rgb & 255) < 100) red++;
                }
            }
            assertThat(red).as(name + ": red pixels where the ink supports the label").isGreaterThan(200);
        }
        try (var files = Files.list(explain)) {
            assertThat(files.count()).isEqualTo(4);
        }
    }

    @Test
    void explainGoesWithImageFilesAndNeedsAWritableFolder(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("d.png");
        Files.write(image, encode(mnistGray(test.image(0)), "png"));
        assertThat(run("predict", "-m", model.toString(), "--explain", dir.toString(), "--input", "mnist-test"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--explain goes with image files");
        err.getBuffer().setLength(0);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(run("predict", "-m", model.toString(), "--explain", file.toString(), image.toString()))
                .isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(err.toString()).contains("a-file").contains("is a file, not a directory");
        assertThat(out.toString()).isEmpty();
    }
}
