package digits.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as {@code 1MB}, {@code 512KB}, {@code 1.5M} or {@code 65536}; units are binary (1 KB = 1024 bytes). */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    /** Request bodies are held in memory, so more than this is surely a mistake. */
    static final long MAX = 512L << 20;
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]i?b?|b)?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a size: use a number of bytes, or KB/MB (e.g. 512KB, 2MB)");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long multiplier = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1L;
        };
        double bytes = Double.parseDouble(m.group(1)) * multiplier;
        if (bytes < 1 || bytes > MAX) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is out of range: the size must be between 1 byte and 512MB");
        }
        return (long) bytes;
    }
}
