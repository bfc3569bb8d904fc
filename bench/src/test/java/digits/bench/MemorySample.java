package digits.bench;

import java.util.List;
import java.util.Locale;

/**
 * One reading of this process's memory: resident set size (everything in RAM: heap, engine's native memory, code)
 * and the Java heap after a full collection, so that growth of the RSS beyond the heap points at native memory.
 */
public record MemorySample(String label, double seconds, long rssBytes, long heapCommittedBytes, long heapUsedBytes) {

    /** Collects garbage first, so that the heap figures are live data rather than the collector's timing. */
    public static MemorySample take(String label, double seconds) {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new MemorySample(label, seconds, RssProbe.rssBytes(), rt.totalMemory(), rt.totalMemory() - rt.freeMemory());
    }

    /**
     * RSS less the committed Java heap: native memory (the engine's tensors, malloc arenas), thread stacks, code and
     * metadata. The heap grows in large steps when the collector decides to; this part should not grow at all.
     */
    public long outsideHeapBytes() {
        return rssBytes - heapCommittedBytes;
    }

    public static String header(String labelName) {
        return String.format(Locale.ROOT, "%-10s %8s %9s %15s %10s %16s", labelName, "seconds", "RSS (MB)", "heap committed",
                "heap used", "RSS outside heap");
    }

    public String row() {
        return String.format(Locale.ROOT, "%-10s %8.1f %9.1f %15.1f %10.1f %16.1f", label, seconds, rssBytes / 1e6,
                heapCommittedBytes / 1e6, heapUsedBytes / 1e6, outsideHeapBytes() / 1e6);
    }

    /** How the RSS and the part outside the heap changed from the {@code from}-th sample to the last. */
    public static String growth(List<MemorySample> samples, int from) {
        MemorySample first = samples.get(from);
        MemorySample last = samples.get(samples.size() - 1);
        return String.format(Locale.ROOT, "RSS %.1f -> %.1f MB (%+.1f MB), outside the heap %.1f -> %.1f MB (%+.1f MB)",
                first.rssBytes() / 1e6, last.rssBytes() / 1e6, (last.rssBytes() - first.rssBytes()) / 1e6,
                first.outsideHeapBytes() / 1e6, last.outsideHeapBytes() / 1e6,
                (last.outsideHeapBytes() - first.outsideHeapBytes()) / 1e6);
    }
}
