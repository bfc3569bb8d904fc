package digits.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The machine a benchmark ran on, from {@code /proc/cpuinfo} and the JVM: enough to tell two result files apart
 * and to derive the CPU's theoretical float32 peak.
 *
 * @param cpuInfoCpus    processors listed in /proc/cpuinfo (0 where it cannot be read)
 * @param physicalCores  distinct (physical id, core id) pairs; SMT siblings share one core's FMA units
 * @param mhz            mean of the "cpu MHz" lines: the clock the kernel reports now (0 when unknown)
 * @param availableCpus  what the JVM may use (respects container limits)
 */
public record MachineInfo(String cpuModel, String vendor, int cpuFamily, int cpuModelNumber, int cpuInfoCpus,
                          int physicalCores, double mhz, List<String> vectorFlags, int availableCpus, String os,
                          String java, long maxHeapBytes) {

    private static final List<String> VECTOR_FLAGS = List.of("sse2", "avx", "avx2", "fma", "avx512f");

    public MachineInfo {
        vectorFlags = List.copyOf(vectorFlags);
    }

    /** This machine, as seen by this JVM. */
    public static MachineInfo detect() {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | UnsupportedOperationException e) {
            cpuinfo = "";
        }
        return parse(cpuinfo, Runtime.getRuntime().availableProcessors());
    }

    static MachineInfo parse(String cpuinfo, int availableCpus) {
        String model = "unknown";
        String vendor = "unknown";
        int family = -1;
        int modelNumber = -1;
        int cpus = 0;
        double mhzSum = 0;
        int mhzCount = 0;
        Set<String> cores = new HashSet<>();
        Set<String> flags = new HashSet<>();
        String physicalId = "0";
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> cpus++;
                case "model name" -> model = value;
                case "vendor_id" -> vendor = value;
                case "cpu family" -> family = parseInt(value);
                case "model" -> modelNumber = parseInt(value);
                case "cpu MHz" -> {
                    mhzSum += Double.parseDouble(value);
                    mhzCount++;
                }
                case "physical id" -> physicalId = value;
                case "core id" -> cores.add(physicalId + "/" + value);
                case "flags" -> flags.addAll(List.of(value.split("\\s+")));
                default -> { }
            }
        }
        List<String> vector = new ArrayList<>();
        for (String f : VECTOR_FLAGS) if (flags.contains(f)) vector.add(f);
        int physical = cores.isEmpty() ? cpus : cores.size();
        return new MachineInfo(model, vendor, family, modelNumber, cpus, physical, mhzCount == 0 ? 0 : mhzSum / mhzCount,
                vector, availableCpus, System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"), System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + ")", Runtime.getRuntime().maxMemory());
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public boolean has(String flag) {
        return vectorFlags.contains(flag);
    }

    /**
     * The theoretical float32 peak of {@code threads} threads: cores x FLOP/cycle/core x clock, where cores is the
     * smallest of the threads, the CPUs this JVM may use and the physical cores; null when the clock is unknown.
     */
    public TheoreticalPeak theoreticalPeak(int threads) {
        if (mhz <= 0) return null;
        int cores = Math.max(1, Math.min(threads, Math.min(availableCpus, physicalCores > 0 ? physicalCores : availableCpus)));
        PerCycle perCycle = flopsPerCycle();
        return new TheoreticalPeak(cores, perCycle.flops(), mhz / 1000.0, cores * perCycle.flops() * mhz / 1000.0,
                perCycle.basis());
    }

    /**
     * Float32 FLOPs one core can retire per cycle: FMA units x vector lanes x 2 (a fused multiply-add is two FLOPs),
     * from the vendor, family and instruction-set flags, with the reasoning.
     */
    private PerCycle flopsPerCycle() {
        boolean amd = vendor.equals("AuthenticAMD");
        if (amd && cpuFamily == 0x17 && cpuModelNumber < 0x30 && has("fma")) {
            return new PerCycle(16, "AMD Zen/Zen+ (family 23, model " + cpuModelNumber
                    + "): 2 FMA pipes x 4 float32 lanes (128-bit) x 2");
        }
        if (amd && cpuFamily == 0x19 && has("fma")) {
            return new PerCycle(32, "AMD Zen 3/Zen 4 (family 25): 2 FMA pipes x 8 float32 lanes "
                    + "(256-bit; Zen 4 splits AVX-512 in two) x 2");
        }
        if (has("avx512f") && !amd) {
            return new PerCycle(64, "AVX-512: 2 FMA units x 16 float32 lanes x 2 (parts with one 512-bit FMA unit reach half)");
        }
        if (has("avx512f")) {
            return new PerCycle(64, "AMD with AVX-512 (Zen 5): 2 FMA pipes x 16 float32 lanes x 2");
        }
        if (has("avx2") && has("fma")) {
            return new PerCycle(32, "AVX2 + FMA: 2 FMA units x 8 float32 lanes x 2");
        }
        if (has("avx")) {
            return new PerCycle(16, "AVX without FMA: one 8-lane add + one 8-lane multiply per cycle");
        }
        return new PerCycle(8, "SSE: one 4-lane add + one 4-lane multiply per cycle");
    }

    /** One line for the console. */
    public String describe(int threads) {
        return String.format(Locale.ROOT, "%s (%s family %d model %d), %d CPUs for the JVM, %d physical cores, %.0f MHz, %s; "
                        + "Java %s; %s; %d engine threads", cpuModel, vendor, cpuFamily, cpuModelNumber, availableCpus,
                physicalCores, mhz, String.join(" ", vectorFlags), java, os, threads);
    }

    private record PerCycle(int flops, String basis) {}

    /** cores x FLOP/cycle/core x GHz, with the reasoning behind FLOP/cycle. */
    public record TheoreticalPeak(int cores, int flopsPerCycle, double ghz, double gflops, String basis) {
        public String describe() {
            return String.format(Locale.ROOT, "%d cores x %d FLOP/cycle x %.3f GHz = %.1f GFLOP/s (%s)", cores, flopsPerCycle,
                    ghz, gflops, basis);
        }
    }
}
