package digits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size, as the kernel reports it (Linux {@code /proc/self/status}). */
public final class Rss {
    private static final Path STATUS = Path.of("/proc/self/status");

    private Rss() {}

    /** Resident memory in bytes, or -1 where {@code /proc/self/status} is not available (not Linux). */
    public static long bytes() {
        try {
            return parse(Files.readString(STATUS));
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The {@code VmRSS:   123456 kB} line of a status file, in bytes; -1 when absent. */
    static long parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
