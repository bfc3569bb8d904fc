package digits.robust;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.data.StratifiedSplit;
import digits.model.Architectures;
import digits.model.DigitModel;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.train.HistoryFiles;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import digits.train.TrainingListener;
import digits.train.TrainingLoop;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same seed and thread count give the same training, bit for bit: two runs in one JVM (same engine, same thread
 * pool) train on real digits (1,000 for an MLP, 800 for a small CNN) for 2 epochs, with dropout, and must write identical history files and identical
 * parameters. Only the wall-clock column ({@code seconds}) may differ: it is dropped before comparing, every metric
 * column ({@code loss, accuracy, val_loss, val_accuracy, lr}) is compared exactly as written.
 */
@Timeout(300)
class ReproducibilityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "mlp 64 with dropout 0.2; mlp; 64; 0.2; 1000",
            "small CNN with dropout; 4C3-P-8C3-P-D.25-16-D.25-10; ; 0; 800"})
    void sameSeedTwiceGivesIdenticalHistoryAndParameters(String name, String model, String hidden, double dropout, int images,
                                                         @TempDir Path dir) {
        ModelSpec spec = Architectures.resolve(model, hidden, dropout);
        Dataset data = MnistFiles.train().head(images);
        TrainingRequest config = TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 2).with(TrainingSettings.SEED, (long) 7);

        Run first = train(spec, data, config, dir.resolve("first"));
        Run second = train(spec, data, config, dir.resolve("second"));
        assertThat(withoutSeconds(second.historyCsv())).isEqualTo(withoutSeconds(first.historyCsv()));
        assertThat(second.paramsSha256()).isEqualTo(first.paramsSha256());

        if (!spec.isConvolutional()) {
            // The comparison can fail: another seed changes the split, the order, the initial weights and the dropout masks.
            Run otherSeed = train(spec, data, config.with(TrainingSettings.SEED, (long) 8), dir.resolve("other-seed"));
            assertThat(withoutSeconds(otherSeed.historyCsv())).isNotEqualTo(withoutSeconds(first.historyCsv()));
            assertThat(otherSeed.paramsSha256()).isNotEqualTo(first.paramsSha256());
        }
    }

    record Run(List<String> historyCsv, String paramsSha256) {}

    private static Run train(ModelSpec spec, Dataset data, TrainingRequest config, Path dir) {
        StratifiedSplit split = StratifiedSplit.split(data, 0.1, config.seed());
        try (DigitModel model = DigitModel.create(spec)) {
            TrainingLoop.Result result = new TrainingLoop(model, config, TrainingListener.SILENT).fit(split.train(), split.validation());
            HistoryFiles.write(dir, result.history());
            ModelDescriptor saved = ModelStore.save(model, new ModelDescriptor(ModelDescriptor.FORMAT, ModelDescriptor.FORMAT_VERSION,
                    "repro", spec.toString(), 0, ModelDescriptor.Input.mnist(), config.describe(), null, null, null, null, null, null), dir);
            return new Run(RealInputs.lines(dir.resolve(HistoryFiles.CSV)), saved.paramsSha256());
        }
    }

    /** The history rows without their last column, the epoch's wall-clock seconds. */
    static List<String> withoutSeconds(List<String> csv) {
        assertThat(csv.get(0)).isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds");
        return csv.stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    }
}
