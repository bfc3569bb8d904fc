package digits.api;

import digits.data.InvalidInputException;
import digits.data.SyntheticNumbers;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pair models trained for real (one epoch of the default network on 12,000 touching pairs of MNIST training digits,
 * {@link TrainedModels#pairModels}): they name both digits of pairs they have not seen and tell pairs from single
 * digits, and the reader with them reads touching numbers made from MNIST test digits. Floors well below what they reach: "it reads pairs", not "it is tuned".
 */
class PairModelsTest {
    private static DigitRecognizer digits;
    private static PairModels pairs;

    @BeforeAll
    static void load() {
        digits = DigitRecognizer.load(TrainedModels.smallCnn());
        pairs = PairModels.load(TrainedModels.pairModels());
    }

    @AfterAll
    static void close() {
        pairs.close();
        digits.close();
    }

    @Test
    void namesBothDigitsOfTouchingPairsMadeFromTrainingDigitsItWasNotTrainedOn() {
        // seeds far above the 12,000 the models were trained on: other pairs of training digits, other placements
        PairData.Pairs held = PairData.make(300, 1_000_000, made -> {});
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < held.left().size(); i++) inputs.add(held.left().image(i));
        List<Prediction[]> read = pairs.predictBatch(inputs);
        int left = 0, right = 0, both = 0;
        for (int i = 0; i < read.size(); i++) {
            boolean l = read.get(i)[0].label() == held.left().label(i), r = read.get(i)[1].label() == held.right().label(i);
            if (l) left++;
            if (r) right++;
            if (l && r) both++;
        }
        assertThat(left).as("left digits right, of 300").isGreaterThanOrEqualTo(240);
        assertThat(right).as("right digits right, of 300").isGreaterThanOrEqualTo(240);
        assertThat(both).as("pairs right, of 300").isGreaterThanOrEqualTo(200);

        // pairs against single digits, alternating, as the which model was trained (on other seeds)
        List<float[]> either = new ArrayList<>();
        for (int i = 0; i < held.which().size(); i++) either.add(held.which().image(i));
        List<Prediction[]> told = pairs.predictBatch(either);
        int toldRight = 0;
        for (int i = 0; i < told.size(); i++) {
            if ((PairModels.pairProbability(told.get(i)[2]) > 0.5) == (held.which().label(i) == 1)) toldRight++;
        }
        assertThat(toldRight).as("pairs told from single digits, of 600").isGreaterThanOrEqualTo(540);
    }

    @Test
    void theReaderWithPairModelsReadsTouchingNumbersOfTestDigitsWithABoxPerDigit() {
        SyntheticNumbers numbers = SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.TUNING);
        NumberReader reader = new NumberReader(digits, pairs);
        int exact = 0, count = 60;
        for (int seed = 1; seed <= count; seed++) {
            SyntheticNumbers.Number n = numbers.generate(seed, 3, SyntheticNumbers.Kind.TOUCHING);
            NumberReading reading = reader.read(n.image());
            if (reading.number().equals(n.digits())) exact++;
            assertThat(reading.digits()).as("a box per digit, seed %d", seed).hasSize(reading.number().length());
            for (NumberReading.Digit d : reading.digits()) {
                NumberReading.Box b = d.box();
                assertThat(b.width()).as("seed %d", seed).isPositive();
                assertThat(b.height()).as("seed %d", seed).isPositive();
                assertThat(b.x()).as("seed %d", seed).isNotNegative();
                assertThat(b.y()).as("seed %d", seed).isNotNegative();
                assertThat(b.x() + b.width()).as("seed %d", seed).isLessThanOrEqualTo(n.image().getWidth());
                assertThat(b.y() + b.height()).as("seed %d", seed).isLessThanOrEqualTo(n.image().getHeight());
            }
        }
        assertThat(exact).as("3-digit numbers with a touching pair read exactly, of %d", count).isGreaterThanOrEqualTo(30);
    }

    /** Single digits wide enough to be cut (a 0, a 2 with a long base): the which model keeps more of them whole. */
    @Test
    void aMarkTheWhichModelCallsOneDigitIsCutIntoTwoDigitsLessOften() {
        SyntheticNumbers numbers = SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.TUNING);
        NumberReader reader = new NumberReader(digits, pairs);
        NumberReader.PairSettings with = NumberReader.PairSettings.DEFAULT;
        NumberReader.PairSettings without = new NumberReader.PairSettings(with.minWidth(), with.maxWidth(), with.bonus(),
                with.whichWeight(), 0f);
        int cutWith = 0, cutWithout = 0, count = 300;
        for (int seed = 1; seed <= count; seed++) {
            NumberReader.Lattice lattice = reader.classify(numbers.generate(seed, 1, SyntheticNumbers.Kind.SEPARATED).image(),
                    "number " + seed, with);
            if (lattice.best(NumberReader.Settings.DEFAULT, with).number().length() > 1) cutWith++;
            if (lattice.best(NumberReader.Settings.DEFAULT, without).number().length() > 1) cutWithout++;
        }
        assertThat(cutWithout).as("1-digit numbers read as more digits without the split weight, of %d", count).isPositive();
        assertThat(cutWith).as("with it, of %d", count).isLessThan(cutWithout);
    }

    @Test
    void withPairModelsAMarkAsWideAsAPairIsAlsoACandidateDigit() {
        // a wide mark cut into more pieces than a run of candidates spans is read whole as one digit up to 1.2 digit
        // heights wide; with the pair models up to a pair's width, the which model telling one wide digit from two
        SyntheticNumbers numbers = SyntheticNumbers.fromMnistTest(SyntheticNumbers.Part.TUNING);
        NumberReader with = new NumberReader(digits, pairs);
        NumberReader without = new NumberReader(digits);
        int found = 0;
        for (long seed = 1; seed <= 60; seed++) {
            java.awt.image.BufferedImage image = numbers.generate(seed, 2, SyntheticNumbers.Kind.TOUCHING).image();
            found += wideWholeMarkDigits(with.classify(image, "number " + seed, NumberReader.PairSettings.DEFAULT));
            assertThat(wideWholeMarkDigits(without.classify(image, "number " + seed, NumberReader.PairSettings.DEFAULT)))
                    .as("seed %d without pair models", seed).isZero();
        }
        assertThat(found).as("marks wider than %s digit heights read as one digit, in 60 touching pairs",
                NumberReader.WHOLE_MARK_WIDTH).isPositive();
    }

    private static int wideWholeMarkDigits(NumberReader.Lattice lattice) {
        int count = 0;
        for (NumberReader.Candidate[] row : lattice.candidates()) {
            for (NumberReader.Candidate c : row) {
                if (c.input >= 0 && c.end - c.start > NumberReader.MAX_PIECES && c.relWidth > NumberReader.WHOLE_MARK_WIDTH) count++;
            }
        }
        return count;
    }

    @Test
    void aPairIsNormalisedAsTheReaderNormalisesTheCandidateOfAllItsPieces() {
        SyntheticNumbers training = SyntheticNumbers.fromMnistTraining();
        NumberReader reader = new NumberReader(digits, pairs);
        int compared = 0;
        for (long seed = 1; seed <= 20; seed++) {
            SyntheticNumbers.Number pair = training.generate(seed, 2, SyntheticNumbers.Kind.TOUCHING);
            NumberReader.Lattice lattice = reader.classify(pair.image(), "pair", NumberReader.PairSettings.DEFAULT);
            int pieces = lattice.atoms().size();
            for (NumberReader.Candidate c : lattice.candidates()[0]) {
                if (c.end != pieces) continue;
                assertThat(PairData.input(pair.image())).as("seed %d", seed).containsExactly(c.pairPixels());
                compared++;
            }
        }
        assertThat(compared).as("pairs whose pieces are one candidate, of 20").isGreaterThanOrEqualTo(15);
    }

    @Test
    void theSameSeedsMakeTheSamePairsLabelledWithTheirDigits() {
        PairData.Pairs a = PairData.make(40, 5, made -> {});
        PairData.Pairs b = PairData.make(40, 5, made -> {});
        assertThat(a.left().pixels()).containsExactly(b.left().pixels());
        assertThat(a.right().pixels()).isSameAs(a.left().pixels());
        assertThat(a.which().size()).isEqualTo(80);
        for (int i = 0; i < 40; i++) {
            assertThat(a.which().image(2 * i)).as("pair %d", i).containsExactly(a.left().image(i));
            assertThat(a.which().label(2 * i)).isEqualTo(1);
            assertThat(a.which().label(2 * i + 1)).isEqualTo(0);
        }
        SyntheticNumbers training = SyntheticNumbers.fromMnistTraining();
        for (int i = 0; i < 40; i++) {
            String digits = training.generate(5 + i, 2, SyntheticNumbers.Kind.TOUCHING).digits();
            assertThat("" + a.left().label(i) + a.right().label(i)).isEqualTo(digits);
        }
        assertThat(a.singles().pixels()).containsExactly(b.singles().pixels());
    }

    @Test
    void aSingleDigitIsNormalisedAsTheReaderNormalisesItAsOneCandidateAndLabelledWithItsDigit() {
        PairData.Pairs made = PairData.make(20, 1, done -> {});
        SyntheticNumbers training = SyntheticNumbers.fromMnistTraining();
        NumberReader reader = new NumberReader(digits);
        int compared = 0, readRight = 0;
        for (int i = 0; i < 20; i++) {
            SyntheticNumbers.Number single = training.generate(1 + i, 1, SyntheticNumbers.Kind.SEPARATED);
            assertThat(made.singles().label(i)).as("single %d", i).isEqualTo(single.digits().charAt(0) - '0');
            NumberReader.Lattice lattice = reader.classify(single.image(), "single", NumberReader.PairSettings.DEFAULT);
            int pieces = lattice.atoms().size();
            for (NumberReader.Candidate c : lattice.candidates()[0]) {
                if (c.end != pieces || c.input < 0) continue;
                assertThat(made.singles().image(i)).as("single %d", i).containsExactly(c.pixels);
                compared++;
                if (lattice.predictions().get(c.input).label() == made.singles().label(i)) readRight++;
            }
        }
        assertThat(compared).as("singles whose pieces are one candidate, of 20").isGreaterThanOrEqualTo(15);
        assertThat(readRight).as("of them read right by the digit model").isGreaterThanOrEqualTo(compared * 8 / 10);
    }

    @Test
    void aDirectoryWithoutBothModelsIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> PairModels.load(missing)).isInstanceOf(InvalidInputException.class)
                .hasMessage(missing + ": no such pair-model directory");
        Path file = Files.writeString(dir.resolve("pairs.txt"), "not a directory");
        assertThatThrownBy(() -> PairModels.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ": not a directory (a pair-model directory holds left/, right/ and which/)");
        Files.delete(file);
        Files.createDirectories(dir.resolve(PairModels.LEFT));
        assertThatThrownBy(() -> PairModels.load(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir + ": not a pair-model directory (no right/ model directory in it");
        Files.createDirectories(dir.resolve(PairModels.RIGHT));
        assertThatThrownBy(() -> PairModels.load(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(dir + ": not a pair-model directory (no which/ model directory in it");
        Files.createDirectories(dir.resolve(PairModels.WHICH));
        assertThatThrownBy(() -> PairModels.load(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve(PairModels.LEFT).toString()).hasMessageNotContaining("\n");
    }
}
