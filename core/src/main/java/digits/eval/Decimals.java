package digits.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Fixed-point formatting that rounds like Python's {@code format(x, '.4f')}: the exact binary value, half to even.
 * {@code String.format} rounds the shortest decimal form half up instead (0.125 becomes 0.13, Python says 0.12),
 * so reports formatted with it would differ from scikit-learn's in the last digit.
 */
public final class Decimals {
    private Decimals() {}

    public static String fixed(double value, int digits) {
        if (Double.isNaN(value)) return "nan";
        if (Double.isInfinite(value)) return value > 0 ? "inf" : "-inf";
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }
}
