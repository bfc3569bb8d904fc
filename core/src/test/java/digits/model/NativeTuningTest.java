package digits.model;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeTuningTest {

    @Test
    void theEngineStartsWithMallocAndOpenMpTunedUnlessTheUserSetThem() {
        EngineSetup.engine();
        assertThat(NativeTuning.applied()).isNotEmpty();
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "glibc settings: Linux only");
        if (System.getenv("MALLOC_MMAP_THRESHOLD_") == null && System.getenv("MALLOC_TRIM_THRESHOLD_") == null) {
            assertThat(NativeTuning.applied()).anyMatch(s -> s.startsWith("malloc: mmap threshold 32 MiB"));
        }
        if (System.getenv("OMP_WAIT_POLICY") == null && System.getenv("GOMP_SPINCOUNT") == null) {
            assertThat(NativeTuning.applied()).contains("GOMP_SPINCOUNT=" + NativeTuning.SPIN_COUNT);
        } else {
            assertThat(NativeTuning.applied()).noneMatch(s -> s.startsWith("GOMP_SPINCOUNT"));
        }
        // Applying again changes nothing.
        assertThat(NativeTuning.apply()).isEqualTo(NativeTuning.applied());
    }
}
