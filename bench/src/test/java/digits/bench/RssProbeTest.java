package digits.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RssProbeTest {
    @Test
    void parsesKilobyteFieldsOfProcStatus() {
        List<String> status = List.of("Name:\tjava", "VmHWM:\t  812344 kB", "VmRSS:\t  402112 kB", "Threads:\t42");
        assertThat(RssProbe.parse(status, "VmRSS:")).isEqualTo(402112L * 1024);
        assertThat(RssProbe.parse(status, "VmHWM:")).isEqualTo(812344L * 1024);
        assertThat(RssProbe.parse(status, "VmSwap:")).isEqualTo(-1);
        assertThat(RssProbe.parse(List.of("VmRSS:\tlots kB"), "VmRSS:")).isEqualTo(-1);
        assertThat(RssProbe.parse(List.of("VmRSS:\t12 pages"), "VmRSS:")).isEqualTo(-1);
    }

    @Test
    void unavailableIsMinusOne(@TempDir Path dir) throws IOException {
        assertThat(RssProbe.field(dir.resolve("no-such-status"), "VmRSS:")).isEqualTo(-1);
        assertThat(RssProbe.field(Files.writeString(dir.resolve("status"), "Name:\tx\n"), "VmRSS:")).isEqualTo(-1);
        assertThat(RssProbe.format(-1)).isEqualTo("n/a");
        assertThat(RssProbe.format(412_345_678)).isEqualTo("412.3 MB");
    }

    /** 128 MB of native memory, written so the pages are really resident, shows in the RSS (on Linux). */
    @Test
    void seesNativeMemoryTheHeapDoesNotCount() {
        long before = RssProbe.rssBytes();
        if (!Files.isReadable(Path.of("/proc/self/status"))) {
            assertThat(before).isEqualTo(-1);
            return;
        }
        assertThat(before).isPositive();
        ByteBuffer buffer = ByteBuffer.allocateDirect(128 << 20);
        for (int i = 0; i < buffer.capacity(); i += 4096) buffer.put(i, (byte) 1);
        long after = RssProbe.rssBytes();
        assertThat(after - before).isGreaterThan(100L << 20);
        assertThat(RssProbe.peakRssBytes()).isGreaterThanOrEqualTo(after);
        assertThat(buffer.get(4096)).isEqualTo((byte) 1);
    }
}
