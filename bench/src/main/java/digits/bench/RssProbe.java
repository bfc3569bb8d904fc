package digits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The resident set size of this process (Java heap, native memory of the engine, code, thread stacks: everything
 * the operating system holds in RAM for it), read from {@code /proc/self/status} on Linux. Memory leaks in native
 * code (PyTorch tensors that are never closed) show here and nowhere in the Java heap's own statistics.
 * Every method answers -1 where the information is unavailable (not Linux).
 */
public final class RssProbe {
    private static final Path STATUS = Path.of("/proc/self/status");

    private RssProbe() {}

    /** Current resident set size ({@code VmRSS}) in bytes, or -1. */
    public static long rssBytes() {
        return field(STATUS, "VmRSS:");
    }

    /** Highest resident set size so far ({@code VmHWM}, the "high water mark") in bytes, or -1. */
    public static long peakRssBytes() {
        return field(STATUS, "VmHWM:");
    }

    /** A {@code kB} field of a {@code /proc/<pid>/status}-style file in bytes, or -1 when the file or field is missing. */
    static long field(Path statusFile, String name) {
        try {
            return parse(Files.readAllLines(statusFile), name);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The value of a line such as {@code VmRSS:    123456 kB}, in bytes; -1 when absent or malformed. */
    static long parse(List<String> lines, String name) {
        for (String line : lines) {
            if (!line.startsWith(name)) continue;
            String[] parts = line.substring(name.length()).trim().split("\\s+");
            if (parts.length != 2 || !parts[1].equals("kB")) return -1;
            try {
                return Long.parseLong(parts[0]) * 1024;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /** Megabytes with one decimal ("412.3 MB"), or "n/a" for -1. */
    public static String format(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
