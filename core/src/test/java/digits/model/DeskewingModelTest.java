package digits.model;

import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.data.Deskew;
import digits.data.InvalidInputException;
import digits.data.MnistFiles;
import digits.eval.Evaluation;
import digits.testing.TrainedModels;
import digits.train.FineTune;
import digits.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Models trained with {@code --deskew}: logistic regression, 2 epochs on 10,000 real digits, with and without it. */
class DeskewingModelTest {
    @TempDir
    static Path root;
    static Path plain;
    static Path straight;
    static Dataset test;

    @BeforeAll
    static void train() {
        test = MnistFiles.test().head(2000);
        plain = root.resolve("plain");
        straight = root.resolve("straight");
        String[] options = {"--model", "logistic", "--epochs", "2", "--limit", "10000", "--test", "none", "--seed", "5"};
        TrainedModels.train(plain, options);
        TrainedModels.train(straight, Stream.concat(Stream.of(options), Stream.of("--deskew", "true")).toArray(String[]::new));
    }

    @Test
    void aLinearModelReadsStraightenedDigitsBetter() {
        try (ModelStore.Loaded p = ModelStore.load(plain); ModelStore.Loaded s = ModelStore.load(straight)) {
            assertThat(p.model().deskews()).isFalse();
            assertThat(s.model().deskews()).isTrue();
            assertThat(s.descriptor().input().deskew()).isTrue();
            assertThat(p.descriptor().input().deskew()).isNull();
            try (DigitRecognizer a = DigitRecognizer.load(plain); DigitRecognizer b = DigitRecognizer.load(straight)) {
                assertThat(a.description().input().deskew()).isFalse();
                assertThat(b.description().input().deskew()).isTrue();
            }
            double plainAccuracy = Evaluation.of(test.labels(), p.model().probabilities(test)).accuracy();
            double straightAccuracy = Evaluation.of(test.labels(), s.model().probabilities(test)).accuracy();
            // A linear model cannot undo a slant itself: straightened digits are easier for it (measured 0.859 and
            // 0.8955 on these 2,000 test digits).
            assertThat(plainAccuracy).isGreaterThan(0.83);
            assertThat(straightAccuracy).isGreaterThan(plainAccuracy + 0.02);
        }
    }

    @Test
    void theModelStraightensTheImagesItIsGivenAsWritten(@TempDir Path tmp) throws IOException {
        // The same weights described without the deskew flag (as files written before it) make a plain model.
        Path copy = copyOfStraight(tmp.resolve("copy"), "\"deskew\" : false");
        try (ModelStore.Loaded s = ModelStore.load(straight); ModelStore.Loaded network = ModelStore.load(copy)) {
            assertThat(network.model().deskews()).isFalse();
            float[] asWritten = s.model().probabilities(test);
            assertThat(asWritten).isEqualTo(network.model().probabilities(Deskew.straighten(test)));
            assertThat(asWritten).isNotEqualTo(network.model().probabilities(test));
        }
    }

    @Test
    void aFineTunedDeskewingModelStillStraightens(@TempDir Path tmp) {
        Path tuned = tmp.resolve("tuned");
        Dataset personal = MnistFiles.test().head(200); // stands for a person's own labelled digits
        try (ModelStore.Loaded base = ModelStore.load(straight)) {
            FineTune.Result result = new FineTune(1, 0.001, 1, 500, 64, 1).run(base.model(), base.descriptor(), personal,
                    tuned, TrainingListener.SILENT, List.of(test));
            assertThat(result.judged().get(0).accuracy()).isGreaterThan(0.8);
        }
        try (ModelStore.Loaded loaded = ModelStore.load(tuned)) {
            assertThat(loaded.model().deskews()).isTrue();
            assertThat(loaded.descriptor().input().deskew()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"sideways\"", "\"true\"", "1", "0", "0.5", "[true]", "{}"})
    void aDeskewFlagThatIsNotABooleanIsRefusedNamingTheFile(String value, @TempDir Path tmp) throws IOException {
        Path copy = copyOfStraight(tmp.resolve("bad"), "\"deskew\" : " + value);
        assertThatThrownBy(() -> ModelStore.load(copy)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(copy.resolve("model.json") + ": not a valid model descriptor ('input.deskew': ")
                .hasMessageNotContaining("\n").hasMessageNotContaining("CoercionConfig");
    }

    /** A copy of the deskewing model's directory whose model.json says {@code flag} instead of {@code "deskew" : true}. */
    private static Path copyOfStraight(Path copy, String flag) throws IOException {
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(straight)) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        Path json = copy.resolve("model.json");
        String text = Files.readString(json);
        assertThat(text).contains("\"deskew\" : true");
        Files.writeString(json, text.replace("\"deskew\" : true", flag));
        return copy;
    }
}
