package digits.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import digits.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A training process killed with SIGKILL in epoch 3 resumes from its checkpoint and ends where an uninterrupted run ends. */
class ResumeTest {
    static final String[] RUN = {"train", "--model", "mlp", "--hidden", "64", "--epochs", "5", "--limit", "30000",
            "--threads", "1", "--no-progress"};

    @Test
    void killNineInEpochThreeThenResumeMatchesTheUninterruptedRun(@TempDir Path tmp) throws Exception {
        // Every run in its own JVM with one engine thread, as a user would run them: the result is then exact.
        Path killed = tmp.resolve("killed");
        Process child = digits(withOutput(killed));
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("Epoch 2/5")) break;
            }
            // The line comes just before the epoch-2 checkpoint is written; kill as soon as it is there, early in
            // epoch 3 (about a second long even on an idle machine), however slow or busy the machine.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!checkpointAfterEpoch(killed, 2) && System.nanoTime() < deadline) Thread.sleep(5);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no last words
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(seen.toString()).contains("Epoch 2/5");
        assertThat(killed.resolve("model.json")).doesNotExist();
        assertThat(killed.resolve("checkpoint/checkpoint.json")).exists();

        String resumed = finish(digits(List.of("train", "--resume", killed.toString())));
        assertThat(resumed).contains("Resuming at epoch 3").doesNotContain("Epoch 2/5").contains("Epoch 5/5");
        Path whole = tmp.resolve("whole");
        finish(digits(withOutput(whole)));

        assertThat(testAccuracy(killed)).isCloseTo(testAccuracy(whole), org.assertj.core.data.Offset.offset(0.002));
        assertThat(Files.readAllLines(killed.resolve("history.csv"))).hasSize(6);
        assertThat(killed.resolve("checkpoint")).doesNotExist();
    }

    private static boolean checkpointAfterEpoch(Path modelDir, int epochs) {
        try {
            return Checkpoint.read(modelDir).epochsDone() >= epochs;
        } catch (RuntimeException e) {
            return false; // not written yet
        }
    }

    static List<String> withOutput(Path dir) {
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("-o", dir.toString()));
        return args;
    }

    static Process digits(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return builder.start();
    }

    static String finish(Process p) throws Exception {
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(ExitCodes.OK);
        return output;
    }

    static double testAccuracy(Path model) throws Exception {
        return new ObjectMapper().readTree(model.resolve("model.json").toFile()).get("metrics").get("test_accuracy").asDouble();
    }
}
