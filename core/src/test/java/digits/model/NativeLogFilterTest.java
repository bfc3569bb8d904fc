package digits.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** PyTorch's warnings stay off standard error; everything else, native or Java, reaches it in order. */
class NativeLogFilterTest {

    private static String stderrOf(boolean filtered) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), NativeLogFilterChild.class.getName());
        builder.environment().remove("TORCH_CPP_LOG_LEVEL");
        if (!filtered) builder.environment().put("DIGITS_NATIVE_LOG", "show");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process child = builder.start();
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(err).isEqualTo(3);
        return err;
    }

    @Test
    void pytorchWarningsAreLeftOutAndEverythingElsePassesInOrder() throws Exception {
        String shown = stderrOf(false);
        // Without the filter, the real training step prints PyTorch's deprecation warning: the test can fail.
        assertThat(shown).contains("AutoNonVariableTypeMode is deprecated").contains("Could not initialize NNPACK");

        String filtered = stderrOf(true);
        // (core has no SLF4J binding of its own: DJL's logger says so, and that is not PyTorch's)
        assertThat(filtered.lines().filter(l -> !l.startsWith("SLF4J")).toList()).containsExactly("native plain line",
                "[E1204 13:04:21.000000001 Foo.cpp:1] a real native error", "java error line", "last java line");
    }

    @Test
    void onlyPytorchsWarningAndInfoLinesCountAsNoise() {
        for (String noise : List.of(
                "[W1204 13:04:20.024091390 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated",
                "[I1204 01:02:03.4 foo.cpp:9] info")) {
            assertThat(NativeLogFilter.isNoise(noise)).as(noise).isTrue();
        }
        for (String kept : List.of("digits: error: bad.csv:5: column pixel100: 'abc' is not an integer",
                "[E1204 13:04:21.000000001 Foo.cpp:1] a real native error", "[W] short", "Warning: something")) {
            assertThat(NativeLogFilter.isNoise(kept)).as(kept).isFalse();
        }
    }
}
