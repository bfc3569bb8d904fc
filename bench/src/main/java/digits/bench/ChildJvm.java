package digits.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a main class in a fresh JVM with this JVM's java, class path and system properties: a cold start, as a user's
 * command has (nothing loaded, nothing compiled, no engine started).
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The command line that starts {@code mainClass} with {@code args}. */
    static List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // Properties, memory and VM settings carry over; agents and debuggers would clash with the parent's.
            if (a.startsWith("-D") || a.startsWith("-XX:") || a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xmn") || a.startsWith("-Xss")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Runs to the end, handing each line of its stdout and stderr to {@code lines}; returns its exit code. */
    public static int run(String mainClass, List<String> args, Consumer<String> lines) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(mainClass, args)).redirectErrorStream(true).start();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) lines.accept(line);
            return process.waitFor();
        } finally {
            if (process.isAlive()) process.destroyForcibly();
        }
    }
}
