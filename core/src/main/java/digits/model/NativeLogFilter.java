package digits.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps PyTorch's own log lines off the terminal. PyTorch writes warnings straight to file descriptor 2 from C++
 * ({@code [W1204 13:04:20.024091390 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated...},
 * and on some CPUs {@code Could not initialize NNPACK!} twice per prediction), and no setting of the build DJL ships
 * silences them ({@code TORCH_CPP_LOG_LEVEL} is read only where PyTorch initialises its logging, which DJL does not).
 * <p>So a tool that owns its process ({@code digits}' main) points descriptor 2 at a pipe and copies what arrives
 * there, line by line, to the real standard error, leaving out PyTorch's warning and info lines ({@code [W...]},
 * {@code [I...]}, the c10 log format). Everything else passes unchanged, PyTorch's error lines ({@code [E...]})
 * included; Java's own {@code System.err} writes go through the same pipe, so their order is kept. At exit the pipe is
 * drained before the process ends. A library user's process is never changed unless it calls {@link #install()}.
 */
public final class NativeLogFilter {
    /** c10's log prefix for warnings and information: severity letter, date, time, source file and line. */
    static final Pattern PYTORCH_NOISE = Pattern.compile("^\\[[WI]\\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d+ [^\\]]+\\] .*");
    private static final int STDERR = 2;
    private static final long DRAIN_MILLIS = 2000;
    /** A partial line held back to see whether it is PyTorch's: longer than any of its log lines. */
    private static final int MAX_HELD_BYTES = 1 << 16;

    private static boolean installed;

    private NativeLogFilter() {}

    /** glibc / POSIX functions used here. */
    interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int pipe(int[] fds);

        int close(int fd);

        long read(int fd, byte[] buffer, long count);

        long write(int fd, byte[] buffer, long count);
    }

    /**
     * Filters descriptor 2 from now on (call before the engine loads, so its first warning is caught too). Does nothing
     * off Linux, when already installed, or when {@code DIGITS_NATIVE_LOG=show} asks to see PyTorch's lines.
     *
     * @return whether the filter is in place
     */
    public static synchronized boolean install() {
        if (installed) return true;
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) return false;
        if ("show".equalsIgnoreCase(System.getenv("DIGITS_NATIVE_LOG"))) return false;
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
        System.err.flush();
        int terminal = libc.dup(STDERR);
        int[] pipe = new int[2];
        if (terminal < 0 || libc.pipe(pipe) != 0) {
            if (terminal >= 0) libc.close(terminal);
            return false;
        }
        if (libc.dup2(pipe[1], STDERR) < 0) {
            libc.close(pipe[0]);
            libc.close(pipe[1]);
            libc.close(terminal);
            return false;
        }
        libc.close(pipe[1]); // descriptor 2 is now the pipe's only write end: restoring it ends the copy with EOF
        Thread copier = new Thread(() -> copy(libc, pipe[0], terminal), "digits-stderr");
        copier.setDaemon(true);
        copier.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.flush();
            libc.dup2(terminal, STDERR); // closes the pipe's write end
            try {
                copier.join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "digits-stderr-drain"));
        installed = true;
        return true;
    }

    /** Copies whole lines from the pipe to the terminal's descriptor, leaving out PyTorch's noise, until EOF. */
    private static void copy(LibC libc, int from, int to) {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            long n;
            while ((n = libc.read(from, buffer, buffer.length)) > 0) {
                for (int i = 0; i < n; i++) {
                    line.write(buffer[i]);
                    if (buffer[i] == '\n') {
                        emit(libc, line, to);
                    }
                }
                // A partial line (a prompt, a progress bar) is passed on at once unless it may be PyTorch's; one that
                // never ends is passed on in pieces rather than held.
                if (line.size() > 0 && (line.toByteArray()[0] != '[' || line.size() > MAX_HELD_BYTES)) emit(libc, line, to);
            }
            emit(libc, line, to);
        } finally {
            libc.dup2(to, STDERR); // if the copy ever stops, later writes go straight to the terminal again
            libc.close(from);
        }
    }

    private static void emit(LibC libc, ByteArrayOutputStream line, int to) {
        if (line.size() == 0) return;
        byte[] bytes = line.toByteArray();
        line.reset();
        if (isNoise(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).stripTrailing())) return;
        int off = 0;
        while (off < bytes.length) {
            byte[] rest = off == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, off, bytes.length);
            long written = libc.write(to, rest, rest.length);
            if (written <= 0) return;
            off += (int) written;
        }
    }

    /** Whether a line is one of PyTorch's warnings or information lines. */
    static boolean isNoise(String line) {
        return PYTORCH_NOISE.matcher(line).matches();
    }
}
