package digits.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the C runtime that PyTorch runs on, applied in-process before the engine loads, so the launcher, the
 * tests and library users all get them (what each is worth, measured: docs/benchmark.md, "Engine settings"):
 * <ul>
 *   <li>glibc malloc keeps freed blocks up to 32 MiB in its heap instead of returning them to the kernel. Every
 *   training step allocates and frees the same activations; returned memory must be page-faulted and zeroed again
 *   next step, and those page faults cost a good part of a step.</li>
 *   <li>OpenMP worker threads spin briefly ({@code GOMP_SPINCOUNT}) before sleeping: long enough to catch the next
 *   operation of a step, short enough not to steal the cores from other processes for long.</li>
 * </ul>
 * A user's own {@code MALLOC_*}, {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} settings win; on systems without
 * glibc (macOS, Windows, musl) nothing changes.
 */
public final class NativeTuning {
    /** glibc's mallopt parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** The largest mmap threshold glibc accepts on 64-bit systems. */
    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TRIM_THRESHOLD = 512 << 20;
    private static final int TOP_PAD = 64 << 20;
    static final String SPIN_COUNT = "30000";

    private static final List<String> applied = new ArrayList<>();

    private NativeTuning() {}

    /** glibc functions used here. */
    interface LibC extends Library {
        int mallopt(int param, int value);

        int setenv(String name, String value, int overwrite);
    }

    /** Applies the settings once; returns what was applied (for the bench's machine record). */
    static synchronized List<String> apply() {
        if (!applied.isEmpty()) return List.copyOf(applied);
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            applied.add("none");
            return List.copyOf(applied);
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null && System.getenv("MALLOC_TRIM_THRESHOLD_") == null
                    && libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    && libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    && libc.mallopt(M_TOP_PAD, TOP_PAD) == 1) {
                applied.add("malloc: mmap threshold 32 MiB, trim threshold 512 MiB, top pad 64 MiB");
            }
            if (System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null
                    && libc.setenv("GOMP_SPINCOUNT", SPIN_COUNT, 0) == 0) {
                applied.add("GOMP_SPINCOUNT=" + SPIN_COUNT);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // Not glibc (e.g. musl has no mallopt): the defaults are slower, not wrong.
        }
        if (applied.isEmpty()) applied.add("none");
        return List.copyOf(applied);
    }

    /** What {@link #apply} changed, or an empty list before the engine started. */
    public static synchronized List<String> applied() {
        return List.copyOf(applied);
    }
}
