package digits.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import digits.model.Architectures;
import digits.model.EnsembleDescriptor;
import digits.model.EnsembleStore;
import digits.model.ModelStore;
import digits.model.Models;
import digits.testing.Mnist;
import digits.testing.TrainedModel;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exports real, briefly trained models (every preset, a spec with every kind of layer, an ensemble) and runs the files
 * in ONNX Runtime on 1,000 real MNIST test digits: the probabilities must be the model's own within 1e-5.
 */
class OnnxExportTest {
    /** Every layer kind: same padding with an even kernel, a 3x3 pool that drops a row, stride, valid, BN on maps and vectors, GAP. */
    static final String EVERY_LAYER = "16C4-BN-P3-D.2-32C3S2valid-BN-GAP-D.3-32-BN-10";
    static final int DIGITS = 1000;
    static final double TOLERANCE = 1e-5;

    @TempDir
    static Path root;
    static Mnist.Digits test;
    static OrtEnvironment ort;

    @BeforeAll
    static void setUp() {
        test = Mnist.test(DIGITS);
        ort = OrtEnvironment.getEnvironment();
    }

    private static final Map<String, Path> TRAINED = new HashMap<>();

    /**
     * {@code model} trained briefly on real MNIST, once per test run: one epoch of 900 digits in 57 steps of 16 at a
     * constant learning rate, well above chance and cheap even for deep-cnn (whose 4.7-million-weight dense layer needs
     * a lower rate to move in so few steps).
     */
    static synchronized Path trained(String model) {
        return TRAINED.computeIfAbsent(model, m -> {
            Path dir = root.resolve(m.replaceAll("[^A-Za-z0-9-]", "_"));
            if (m.equals("deskew")) {
                // logistic regression on straightened digits (the layers are the presets' own, tested above)
                TrainedModels.train(dir, "--model", "logistic", "--limit", "1000", "--epochs", "1", "--test", "none",
                        "--deskew", "true", "--seed", "3");
                return dir;
            }
            TrainedModels.train(dir, "--model", m, "--limit", "1000", "--epochs", "1", "--batch-size", "16",
                    "--lr-schedule", "constant", "--lr", m.equals("deep-cnn") ? "0.0005" : "0.002", "--test", "none",
                    "--seed", "3");
            return dir;
        });
    }

    static List<String> models() {
        List<String> models = new java.util.ArrayList<>(Architectures.presetNames());
        models.add(EVERY_LAYER);
        return models;
    }

    @ParameterizedTest
    @MethodSource("models")
    void theExportedNetworkGivesTheModelsProbabilities(String model) throws OrtException {
        Path dir = trained(model);
        Path file = root.resolve(dir.getFileName() + ".onnx");
        OnnxExport.Written written = OnnxExport.export(dir, file, OnnxExport.Output.PROBABILITIES);
        try (Models.Loaded loaded = Models.load(dir); OrtSession session = ort.createSession(file.toString())) {
            assertThat(written.modelId()).isEqualTo(loaded.id());
            float[] expected = loaded.model().probabilities(test.pixels(), DIGITS);
            float[][] actual = run(session);
            assertClose(actual, expected);
            // A real, if briefly trained, model: 2.5 times chance at least (these reach 0.36-0.88 on the 1,000 digits).
            assertThat(accuracy(actual)).as("accuracy on %d test digits", DIGITS).isGreaterThan(0.25);
            checkMetadata(session, loaded.id(), "probabilities");
        }
    }

    /**
     * A model trained with --deskew: the graph straightens the digits itself, in float32 where the tool computes the
     * slant in double, and gives the model's probabilities for the images as written.
     */
    @Test
    void aModelThatStraightensItsImagesIsExportedWithTheStraightening() throws OrtException {
        Path dir = trained("deskew");
        Path file = root.resolve("deskew.onnx");
        OnnxExport.export(dir, file, OnnxExport.Output.PROBABILITIES);
        try (ModelStore.Loaded network = ModelStore.load(dir)) {
            assertThat(network.model().deskews()).isTrue();
        }
        try (Models.Loaded loaded = Models.load(dir); OrtSession session = ort.createSession(file.toString())) {
            float[] expected = loaded.model().probabilities(test.pixels(), DIGITS);
            float[][] actual = run(session);
            assertClose(actual, expected);
            // One epoch of eight steps: a real, if barely trained, model (0.66 on these 1,000 digits).
            assertThat(accuracy(actual)).isGreaterThan(0.5);
        }
    }

    /**
     * The straightening's special cases, made from a real digit: no ink at all, ink on one row only (no slant), and the
     * digit slanted 2 pixels a row, past the steepest slant undone (clipped): the graph reads them as the tool does.
     */
    @Test
    void theGraphStraightensBlankOneRowAndTooSteepDigitsAsTheToolDoes() throws OrtException {
        Path dir = trained("deskew");
        Path file = root.resolve("deskew-cases.onnx");
        OnnxExport.export(dir, file, OnnxExport.Output.PROBABILITIES);
        float[] digit = test.image(0);
        float[] cases = new float[3 * 784];
        System.arraycopy(digit, 14 * 28, cases, 784 + 14 * 28, 28); // row 14 alone
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int from = c + 2 * (r - 14);
                if (from >= 0 && from < 28) cases[2 * 784 + r * 28 + c] = digit[r * 28 + from];
            }
        }
        double rowInk = 0;
        for (int c = 0; c < 28; c++) rowInk += cases[784 + 14 * 28 + c];
        assertThat(rowInk).as("ink on the one row").isGreaterThan(1);
        assertThat(digits.data.Deskew.slant(cases, 784)).isZero();
        assertThat(Math.abs(digits.data.Deskew.slant(cases, 2 * 784))).isEqualTo(digits.data.Deskew.MAX_SLANT);
        try (Models.Loaded loaded = Models.load(dir); OrtSession session = ort.createSession(file.toString())) {
            assertClose(run(session, cases), loaded.model().probabilities(cases, 3));
        }
    }

    @Test
    void logitsAreTheScoresBeforeSoftmax() throws OrtException {
        Path dir = trained("quick-cnn");
        Path file = root.resolve("logits.onnx");
        OnnxExport.export(dir, file, OnnxExport.Output.LOGITS);
        try (Models.Loaded loaded = Models.load(dir); OrtSession session = ort.createSession(file.toString())) {
            float[][] logits = run(session);
            float[][] softmax = new float[logits.length][];
            boolean sumsToOne = true;
            for (int i = 0; i < logits.length; i++) {
                softmax[i] = softmax(logits[i]);
                double sum = 0;
                for (float v : logits[i]) sum += v;
                sumsToOne &= Math.abs(sum - 1) < 1e-3;
            }
            assertThat(sumsToOne).as("raw scores, not probabilities").isFalse();
            assertClose(softmax, loaded.model().probabilities(test.pixels(), DIGITS));
            checkMetadata(session, loaded.id(), "logits");
        }
    }

    @Test
    void anEnsembleIsOneGraphAveragingItsMembersWithTheirWeights() throws OrtException {
        Path dir = root.resolve("ensemble");
        TrainedModel.copy(trained("quick-cnn"), dir.resolve("member-1"));
        TrainedModel.copy(trained("logistic"), dir.resolve("member-2"));
        TrainedModel.copy(trained("deskew"), dir.resolve("member-3")); // reads the digits straightened, the others as written
        EnsembleStore.save(EnsembleDescriptor.of("mixed", List.of(new EnsembleDescriptor.Member("member-1", 3.0),
                new EnsembleDescriptor.Member("member-2", null), new EnsembleDescriptor.Member("member-3", null)),
                Map.of(), Map.of(), "2026-01-01T00:00:00Z"), dir);
        Path file = root.resolve("ensemble.onnx");
        OnnxExport.Written written = OnnxExport.export(dir, file, OnnxExport.Output.PROBABILITIES);
        assertThat(written.networks()).isEqualTo(3);
        try (Models.Loaded loaded = Models.load(dir); OrtSession session = ort.createSession(file.toString())) {
            float[] expected = loaded.model().probabilities(test.pixels(), DIGITS);
            assertClose(run(session), expected);
            checkMetadata(session, loaded.id(), "probabilities");
            assertThat(session.getMetadata().getCustomMetadata().get("architecture")).startsWith("ensemble: ");
            // The weights matter: the heavier member's probabilities alone are not the answer.
            try (Models.Loaded first = Models.load(dir.resolve("member-1"))) {
                float[] alone = first.model().probabilities(test.pixels(), DIGITS);
                double difference = 0;
                for (int j = 0; j < alone.length; j++) difference = Math.max(difference, Math.abs(alone[j] - expected[j]));
                assertThat(difference).isGreaterThan(0.01);
            }
        }
        assertThatThrownBy(() -> OnnxExport.export(dir, root.resolve("ensemble-logits.onnx"), OnnxExport.Output.LOGITS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an ensemble's output is its members' averaged probabilities; logits can be exported from a single model only");
        assertThat(root.resolve("ensemble-logits.onnx")).doesNotExist();
    }

    /** Runs the 1,000 test digits through the session, in one batch of shape [1000, 1, 28, 28]. */
    static float[][] run(OrtSession session) throws OrtException {
        return run(session, test.pixels());
    }

    static float[][] run(OrtSession session, float[] pixels) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ort, FloatBuffer.wrap(pixels), new long[]{pixels.length / 784, 1, 28, 28});
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    static void assertClose(float[][] actual, float[] expected) {
        assertThat(actual).hasNumberOfRows(expected.length / 10);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).hasSize(10);
            for (int c = 0; c < 10; c++) worst = Math.max(worst, Math.abs(actual[i][c] - expected[i * 10 + c]));
        }
        assertThat(worst).as("largest difference from the model's probabilities").isLessThanOrEqualTo(TOLERANCE);
    }

    static double accuracy(float[][] probabilities) {
        int right = 0;
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) if (probabilities[i][c] > probabilities[i][best]) best = c;
            if (best == test.labels()[i]) right++;
        }
        return (double) right / probabilities.length;
    }

    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : logits) max = Math.max(max, v);
        double[] e = new double[logits.length];
        for (int c = 0; c < logits.length; c++) sum += e[c] = Math.exp(logits[c] - max);
        float[] p = new float[logits.length];
        for (int c = 0; c < logits.length; c++) p[c] = (float) (e[c] / sum);
        return p;
    }

    /** The input and output the documentation promises, and metadata naming the model, its labels and preprocessing. */
    static void checkMetadata(OrtSession session, String modelId, String output) throws OrtException {
        NodeInfo input = session.getInputInfo().get(OnnxExport.INPUT);
        assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1, 1, 28, 28);
        assertThat(session.getOutputNames()).containsExactly(output);
        assertThat(((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape()).containsExactly(-1, 10);
        Map<String, String> meta = session.getMetadata().getCustomMetadata();
        assertThat(meta).containsEntry("model_id", modelId).containsEntry("labels", "0,1,2,3,4,5,6,7,8,9")
                .containsEntry("digits_version", digits.model.Versions.DIGITS);
        assertThat(meta.get("preprocessing")).contains("float32 [N,1,28,28]", "pixel / 255", "[0,1]");
        assertThat(session.getMetadata().getProducerName()).isEqualTo("digits");
    }
}
