package digits.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A training process killed with SIGKILL in epoch 3 resumes from its checkpoint and ends where an uninterrupted run ends. */
class ResumeTest {
    static final String[] RUN = {"train", "--model", "mlp", "--hidden", "64", "--epochs", "5", "--limit", "12000",
            "--threads", "1", "--no-progress"};

    @Test
    void killNineInEpochThreeThenResumeMatchesTheUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path killed = tmp.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(RUN));
        command.addAll(List.of("-o", killed.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process child = builder.start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith("Epoch 2/5")) break;
            }
            Thread.sleep(300); // into epoch 3
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no last words
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(seen.toString()).contains("Epoch 2/5");
        assertThat(killed.resolve("model.json")).doesNotExist();
        assertThat(killed.resolve("checkpoint/checkpoint.json")).exists();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[]{"train", "--resume", killed.toString()}, new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("Resuming at epoch 3").doesNotContain("Epoch 2/5").contains("Epoch 5/5");

        Path whole = tmp.resolve("whole");
        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("-o", whole.toString()));
        assertThat(Main.execute(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err)))
                .isEqualTo(ExitCodes.OK);

        double resumed = testAccuracy(killed);
        double uninterrupted = testAccuracy(whole);
        assertThat(resumed).isCloseTo(uninterrupted, org.assertj.core.data.Offset.offset(0.002));
        assertThat(Files.readAllLines(killed.resolve("history.csv"))).hasSize(6);
        assertThat(killed.resolve("checkpoint")).doesNotExist();
    }

    static double testAccuracy(Path model) throws Exception {
        return new ObjectMapper().readTree(model.resolve("model.json").toFile()).get("metrics").get("test_accuracy").asDouble();
    }
}
