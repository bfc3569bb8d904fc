package digits.bench;

import digits.data.Dataset;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AugmentBenchmarkTest {
    @Test
    void reportsAPositiveCostPerImageForRealDigits() {
        Dataset data = MnistFiles.test().head(500);
        double augment = AugmentBenchmark.run(data, 2000);
        double copy = AugmentBenchmark.run(data, 2000, null);
        assertThat(augment).isPositive().isFinite();
        assertThat(copy).isPositive().isFinite();
    }
}
