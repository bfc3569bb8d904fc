package digits.train;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.model.DigitModel;
import digits.model.EngineSetup;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static digits.train.TrainingSettings.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The one training workflow, from request to saved model, on real MNIST digits. */
class TrainingJobTest {
    private static Dataset train;
    private static Dataset test;

    @BeforeAll
    static void data() {
        EngineSetup.threads(2);
        train = MnistFiles.train().head(3000);
        test = MnistFiles.test().head(2000);
    }

    @Test
    void trainsEvaluatesDescribesAndSavesAModelThatLoadsWithTheSameAnswers(@TempDir Path tmp) {
        TrainingRequest request = TrainingRequest.builder().set(EPOCHS, 2).set(SEED, 3L).build();
        List<String> events = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onTrainingStart(DigitModel model) {
                events.add("start");
            }

            @Override
            public void onEpochEnd(EpochStats stats, int epochs) {
                events.add("epoch " + stats.epoch() + "/" + epochs);
            }

            @Override
            public void onTrainingEnd(DigitModel model) {
                events.add("end");
            }
        };
        Path dir = tmp.resolve("model");
        TrainingJob.Outcome outcome = new TrainingJob(request, TrainingData.of(request, train, test))
                .listener(listener).saveTo(dir).run();

        assertThat(events).containsExactly("start", "epoch 1/2", "epoch 2/2", "end");
        assertThat(outcome.testEvaluation().accuracy()).isGreaterThan(0.8); // quick-cnn, 2 epochs on 2,700 real digits: weak, but well above chance
        ModelDescriptor d = outcome.descriptor();
        assertThat(d.name()).isEqualTo("quick-cnn");
        assertThat(d.training()).isEqualTo(request.describe());
        assertThat(d.data().trainImages()).isEqualTo(2700);
        assertThat(d.data().validationImages()).isEqualTo(300);
        assertThat(d.metrics().get("test_accuracy")).isEqualTo(outcome.testEvaluation().accuracy());
        assertThat(dir.resolve(HistoryFiles.CSV)).isRegularFile();
        assertThat(dir.resolve(Checkpoint.DIRECTORY)).doesNotExist();
        try (ModelStore.Loaded loaded = ModelStore.load(dir)) {
            float[] again = loaded.model().probabilities(test);
            float[] first = outcome.testProbabilities();
            for (int i = 0; i < first.length; i++) assertThat(again[i]).isCloseTo(first[i], within(1e-6f));
        }
    }

    @Test
    void theSameRequestTrainsTheSameParameters(@TempDir Path tmp) throws Exception {
        TrainingRequest request = TrainingRequest.builder().set(MODEL, "logistic").set(EPOCHS, 1).set(SEED, 11L).build();
        for (String name : List.of("a", "b")) new TrainingJob(request, TrainingData.of(request, train, null)).saveTo(tmp.resolve(name)).run();
        String a = ModelStore.readDescriptor(tmp.resolve("a")).paramsSha256();
        assertThat(ModelStore.readDescriptor(tmp.resolve("b")).paramsSha256()).isEqualTo(a);
        TrainingJob.Outcome unsaved = new TrainingJob(request, TrainingData.of(request, train, null)).run();
        assertThat(unsaved.descriptor()).isNull();
        assertThat(unsaved.testEvaluation()).isNull();
        assertThat(Files.list(tmp).count()).isEqualTo(2);
    }

    /** A Java caller resuming with another request is refused before any weight is loaded; the same request resumes. */
    @Test
    void onlyTheRequestThatMadeACheckpointContinuesIt(@TempDir Path tmp) {
        TrainingRequest request = TrainingRequest.builder().set(MODEL, "logistic").set(EPOCHS, 2).set(SEED, 5L).build();
        Path dir = tmp.resolve("run");
        TrainingJob[] job = new TrainingJob[1];
        job[0] = new TrainingJob(request, TrainingData.of(request, train, null)).saveTo(dir)
                .checkpointEveryEpoch(java.util.Map.of()).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochStats stats, int epochs) {
                        job[0].requestStop();
                    }
                });
        assertThat(job[0].run().interrupted()).isTrue();
        Checkpoint.State state = Checkpoint.read(dir);
        assertThat(state.settings()).containsEntry("deskew", "false").containsEntry("lr", "0.005").doesNotContainKey("test");

        for (TrainingRequest other : List.of(request.with(DESKEW, true), request.with(LEARNING_RATE, 0.01),
                request.with(AUGMENT, "default"), request.with(EPOCHS, 3))) {
            assertThatThrownBy(() -> new TrainingJob(other, TrainingData.of(other, train, null)).saveTo(dir).resumeFrom(state).run())
                    .isInstanceOf(digits.data.InvalidInputException.class)
                    .hasMessageStartingWith(dir.resolve(Checkpoint.DIRECTORY).resolve(Checkpoint.FILE) + ": the checkpoint was made with ")
                    .hasMessageContaining(", this run has ");
        }
        assertThatThrownBy(() -> new TrainingJob(request.with(DESKEW, true), TrainingData.of(request, train, null))
                .saveTo(dir).resumeFrom(state).run()).hasMessageEndingWith("made with deskew=false, this run has deskew=true");
        assertThat(dir.resolve("model.json")).doesNotExist();

        TrainingJob.Outcome resumed = new TrainingJob(request, TrainingData.of(request, train, null)).saveTo(dir)
                .resumeFrom(state).run();
        assertThat(resumed.result().history()).hasSize(2);
        assertThat(resumed.descriptor().metrics().get("train_accuracy")).isGreaterThan(0.8);
    }

    @Test
    void aSweepTrainsEachConfigurationOnTheSameSplitAndScoresIt() {
        TrainingRequest base = TrainingRequest.builder().setAll(Sweep.DEFAULTS).set(EPOCHS, 3).build();
        TrainingData data = TrainingData.of(base, train, test);
        List<Sweep.Row> rows = Sweep.run(List.of(new Sweep.Candidate("logistic", base.with(MODEL, "logistic")),
                new Sweep.Candidate("mlp 64", base.with(HIDDEN, "64"))), data, TrainingListener.SILENT, new Sweep.Listener() {});
        assertThat(rows).extracting(Sweep.Row::name).containsExactly("logistic", "mlp 64");
        assertThat(rows).extracting(Sweep.Row::parameters).containsExactly(7850L, 50890L);
        for (Sweep.Row row : rows) {
            assertThat(row.trainAccuracy()).isGreaterThan(0.7);
            assertThat(row.valAccuracy()).isGreaterThan(0.7);
            assertThat(row.testAccuracy()).isGreaterThan(0.7);
        }
    }

    @Test
    void everyTrainingSetSizeTrainsOrIsRefusedUpFront() {
        // k x batch + 1 images: the last batch of one can't be batch-normalised; it is left out of that epoch.
        for (int n : new int[]{129, 65, 2, 3}) {
            TrainingRequest request = TrainingRequest.builder().set(EPOCHS, 2).set(VAL_SPLIT, 0.0).set(BATCH_SIZE, 64).build();
            TrainingJob.Outcome outcome = new TrainingJob(request, TrainingData.of(request, train.head(n), null)).run();
            assertThat(outcome.result().history()).as("%d images", n).hasSize(2);
            assertThat(outcome.result().history().get(1).loss()).as("%d images", n).isFinite();
        }
        TrainingRequest quick = TrainingRequest.builder().set(VAL_SPLIT, 0.0).build();
        assertThatThrownBy(() -> new TrainingJob(quick, TrainingData.of(quick, train.head(1), null)).run())
                .isInstanceOf(digits.data.InvalidInputException.class)
                .hasMessageEndingWith(": 1 training image; a model with batch normalisation needs at least 2");
        TrainingRequest logistic = quick.with(MODEL, "logistic");
        assertThat(new TrainingJob(logistic, TrainingData.of(logistic, train.head(1), null)).run().result().history()).hasSize(3);
        assertThatThrownBy(() -> quick.with(BATCH_SIZE, 1))
                .hasMessage("batch-size 1 can't train quick-cnn: batch normalisation needs at least 2 images per batch");
        assertThat(logistic.with(BATCH_SIZE, 1).batchSize()).isEqualTo(1);
    }
}
