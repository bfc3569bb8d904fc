package digits.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The pure parts of the instrument: statistics, /proc parsing, the theoretical peak, RSS flatness, tables. */
class MeasurementsTest {

    @Test
    void nearestRankPercentiles() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) hundred[99 - i] = i + 1; // 100 down to 1: order must not matter
        assertThat(Stats.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Stats.percentile(hundred, 100)).isEqualTo(100);
        assertThat(Stats.median(hundred)).isEqualTo(50);
        assertThat(Stats.median(new double[]{3, 1, 2})).isEqualTo(2);
        assertThat(Stats.percentile(new double[]{5, 7}, 99)).isEqualTo(7);
        assertThat(Stats.min(new double[]{3, 1, 2})).isEqualTo(1);
        assertThat(Stats.mean(new double[]{3, 1, 2})).isEqualTo(2);
    }

    @Test
    void rssComesFromTheVmRssLine() {
        assertThat(Rss.parse("Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 100 kB\n")).isEqualTo(123456L * 1024);
        assertThat(Rss.parse("Name:\tjava\n")).isEqualTo(-1);
        assertThat(Rss.bytes()).isGreaterThan(10L << 20); // this JVM, on Linux
    }

    /** Two logical CPUs on one physical core (SMT), as /proc/cpuinfo lists them. */
    static final String SMT_AVX512 = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 106
            model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
            cpu MHz\t\t: 2900.000
            physical id\t: 0
            core id\t\t: 0
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq

            processor\t: 1
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 106
            model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
            cpu MHz\t\t: 3100.000
            physical id\t: 0
            core id\t\t: 0
            flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq
            """;

    @Test
    void theoreticalPeakCountsPhysicalCoresOnly() {
        MachineInfo m = MachineInfo.parse(SMT_AVX512, 2);
        assertThat(m.cpuModel()).isEqualTo("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz");
        assertThat(m.cpuInfoCpus()).isEqualTo(2);
        assertThat(m.physicalCores()).isEqualTo(1);
        assertThat(m.mhz()).isEqualTo(3000.0);
        assertThat(m.vectorFlags()).containsExactly("sse2", "avx", "avx2", "fma", "avx512f");
        MachineInfo.TheoreticalPeak p = m.theoreticalPeak(2);
        assertThat(p.cores()).isEqualTo(1);
        assertThat(p.flopsPerCycle()).isEqualTo(64);
        assertThat(p.gflops()).isCloseTo(1 * 64 * 3.0, within(1e-9));
        assertThat(p.describe()).startsWith("1 cores x 64 FLOP/cycle x 3.000 GHz = 192.0 GFLOP/s (AVX-512");
    }

    @Test
    void flopsPerCycleFollowTheVectorUnits() {
        String zen3 = "processor : 0\nvendor_id : AuthenticAMD\ncpu family : 25\nmodel : 1\ncpu MHz : 2445.422\n"
                + "core id : 0\nflags : sse2 avx avx2 fma\n\nprocessor : 1\nvendor_id : AuthenticAMD\ncpu family : 25\n"
                + "model : 1\ncpu MHz : 2445.422\ncore id : 1\nflags : sse2 avx avx2 fma\n";
        MachineInfo.TheoreticalPeak p = MachineInfo.parse(zen3, 2).theoreticalPeak(2);
        assertThat(p.cores()).isEqualTo(2);
        assertThat(p.flopsPerCycle()).isEqualTo(32);
        assertThat(p.gflops()).isCloseTo(2 * 32 * 2.445422, within(1e-9));
        assertThat(MachineInfo.parse(zen3, 2).theoreticalPeak(1).cores()).isEqualTo(1);
        assertThat(MachineInfo.parse(zen3.replace("cpu family : 25", "cpu family : 23"), 2).theoreticalPeak(2).flopsPerCycle())
                .isEqualTo(16); // Zen 1: 128-bit FMA pipes
        assertThat(MachineInfo.parse(zen3.replace(" fma", ""), 2).theoreticalPeak(2).flopsPerCycle()).isEqualTo(16);
        assertThat(MachineInfo.parse("processor : 0\nflags : sse2\n", 1).theoreticalPeak(1)).isNull(); // no clock
        assertThat(MachineInfo.parse("", 4).physicalCores()).isZero();
    }

    @Test
    void rssIsFlatWhenEveryEpochFromTheSecondStaysWithinTenPercentOfIt() {
        List<MemoryRun.Epoch> flat = List.of(epoch(1, 500), epoch(2, 1000), epoch(3, 1050), epoch(4, 960));
        assertThat(MemoryRun.maxDeviation(flat)).isCloseTo(5.0, within(1e-9));
        List<MemoryRun.Epoch> leaking = List.of(epoch(1, 1000), epoch(2, 1000), epoch(3, 1080), epoch(4, 1160));
        assertThat(MemoryRun.maxDeviation(leaking)).isCloseTo(16.0, within(1e-9));
        assertThat(MemoryRun.maxDeviation(List.of(epoch(1, 1000)))).isNull();
    }

    private static MemoryRun.Epoch epoch(int e, long rssMb) {
        return new MemoryRun.Epoch(e, rssMb << 20, 0, 1);
    }

    @Test
    void tableColumnsAlign() {
        TextTable t = new TextTable("model:8", "img/s:7", "x");
        assertThat(t.header()).isEqualTo("model       img/s  x\n--------------------");
        assertThat(t.row("mlp", "1,234", null)).isEqualTo("mlp         1,234  -");
        assertThat(t.row("kaggle-cnn", "5", 7)).isEqualTo("kaggle-cnn        5  7");
    }
}
