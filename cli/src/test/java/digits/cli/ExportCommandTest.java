package digits.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import digits.model.EnsembleDescriptor;
import digits.model.EnsembleStore;
import digits.model.Models;
import digits.onnx.OnnxExport;
import digits.testing.Mnist;
import digits.testing.TrainedModel;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code digits export}: real trained models to ONNX files that ONNX Runtime runs; bad models and outputs refused. */
class ExportCommandTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path tmp;

    @Test
    void writesAnOnnxFileThatGivesTheModelsProbabilities() throws Exception {
        Path model = TrainedModels.mlp();
        Path file = tmp.resolve("mlp.onnx");
        assertThat(cli.run("export", "--format", "onnx", "--model", model.toString(), "-o", file.toString()))
                .as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).startsWith("wrote " + file + " (" + String.format(java.util.Locale.ROOT, "%,d", Files.size(file)) + " bytes, ONNX opset 17): mlp-64@")
                .contains("1 network; input 'image' float32 [N,1,28,28], output 'probabilities' [N,10]").hasLineCount(1);
        Mnist.Digits digits = Mnist.test(200);
        try (Models.Loaded loaded = Models.load(model)) {
            float[] expected = loaded.model().probabilities(digits.pixels(), digits.size());
            float[][] actual = run(file, "probabilities", digits);
            int right = 0;
            for (int i = 0; i < digits.size(); i++) {
                for (int c = 0; c < 10; c++) assertThat(actual[i][c]).isCloseTo(expected[i * 10 + c], within(1e-5f));
                if (argmax(actual[i]) == digits.labels()[i]) right++;
            }
            assertThat(right).as("correct of 200 real test digits").isGreaterThan(160); // a real model: about 90%
        }
        assertThat(tmp).isDirectoryContaining("glob:**/mlp.onnx");
        try (var listing = Files.list(tmp)) {
            assertThat(listing).as("no temporary file left beside the output").containsExactly(file);
        }
    }

    @Test
    void logitsOnRequestFromASingleModelButNotFromAnEnsemble() throws Exception {
        Path file = tmp.resolve("logits.onnx");
        assertThat(cli.run("export", "--model", TrainedModels.logistic().toString(), "--scores", "logits", "-o", file.toString()))
                .as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("output 'logits' [N,10]");
        float[] row = run(file, "logits", Mnist.test(1))[0];
        double sum = 0;
        for (float v : row) sum += v;
        assertThat(sum).as("scores before softmax do not sum to 1").isNotCloseTo(1.0, within(0.01));

        Path ensemble = ensembleOf(TrainedModels.logistic(), TrainedModels.mlp());
        Path refused = tmp.resolve("ensemble-logits.onnx");
        assertThat(cli.run("export", "--model", ensemble.toString(), "--scores", "logits", "-o", refused.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: an ensemble's output is its members' averaged probabilities; "
                + "logits can be exported from a single model only\n");
        assertThat(refused).doesNotExist();

        assertThat(cli.run("export", "--model", ensemble.toString(), "-o", refused.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("2 networks averaged");

        assertThat(cli.run("export", "--model", TrainedModels.logistic().toString(), "--scores", "odds", "-o", file.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --scores must be probabilities or logits, got 'odds'\n");
        assertThat(cli.run("export", "--format", "tflite", "--model", TrainedModels.logistic().toString(), "-o", file.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: Invalid value for option '--format'");
    }

    @Test
    void aBadModelDirectoryIsOneLineAndExitTwoAndTheOldFileStaysUntilAnExportSucceeds() throws Exception {
        Path file = Files.writeString(tmp.resolve("model.onnx"), "the previous export");
        Path missing = tmp.resolve("no-such-model");
        assertThat(cli.run("export", "--model", missing.toString(), "-o", file.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: " + missing + ": no such model directory\n");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(cli.run("export", "--model", empty.toString(), "-o", file.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: " + empty.resolve("model.json") + ": missing; " + empty
                + " is not a model directory\n");

        Path corrupt = TrainedModel.copyTo(tmp.resolve("corrupt"));
        try (var files = Files.list(corrupt)) {
            Path params = files.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
            byte[] bytes = Files.readAllBytes(params);
            bytes[bytes.length - 1] ^= 1;
            Files.write(params, bytes);
            assertThat(cli.run("export", "--model", corrupt.toString(), "-o", file.toString())).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(cli.err()).isEqualTo("digits: error: " + params + ": corrupt (SHA-256 does not match model.json)\n");
        }
        assertThat(cli.out()).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("the previous export");

        // A successful export replaces the file whole (AtomicFiles: written beside it, then renamed over it).
        assertThat(cli.run("export", "--model", TrainedModel.directory().toString(), "-o", file.toString())).isEqualTo(ExitCodes.OK);
        byte[] onnx = Files.readAllBytes(file);
        assertThat(onnx).startsWith(0x08, 8); // ModelProto field 1, ir_version 8
        try (var listing = Files.list(tmp)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.onnx", "empty", "corrupt");
        }
    }

    @Test
    void anOutputThatCannotBeWrittenIsExitThreeBeforeTheModelIsRead() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("a-file"), "keep");
        Path underAFile = blocker.resolve("model.onnx");
        assertThat(cli.run("export", "--model", TrainedModel.directory().toString(), "-o", underAFile.toString()))
                .isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(cli.err()).isEqualTo("digits: error: cannot write " + underAFile + ": " + blocker + " is a file, not a directory\n");
        assertThat(cli.run("export", "--model", TrainedModel.directory().toString(), "-o", tmp.toString()))
                .isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(cli.err()).isEqualTo("digits: error: cannot write " + tmp + ": is a directory, not a file\n");
        assertThat(Files.readString(blocker)).isEqualTo("keep");
    }

    private Path ensembleOf(Path... models) {
        Path dir = tmp.resolve("ensemble");
        List<EnsembleDescriptor.Member> members = new java.util.ArrayList<>();
        for (int i = 0; i < models.length; i++) {
            TrainedModel.copy(models[i], dir.resolve("member-" + (i + 1)));
            members.add(new EnsembleDescriptor.Member("member-" + (i + 1), null));
        }
        EnsembleStore.save(EnsembleDescriptor.of("pair", members, Map.of(), Map.of(), "2026-01-01T00:00:00Z"), dir);
        return dir;
    }

    private static float[][] run(Path file, String output, Mnist.Digits digits) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(digits.pixels()), new long[]{digits.size(), 1, 28, 28});
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            assertThat(session.getOutputNames()).containsExactly(output);
            return (float[][]) result.get(0).getValue();
        }
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        return best;
    }
}
