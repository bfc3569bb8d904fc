package digits.cli;

import digits.data.render.Condition;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;

/** {@code --condition photo-ruled}: a {@link Condition} by its key (for {@code digits photos} and the benchmark). */
public final class ConditionConverter implements ITypeConverter<Condition> {
    @Override
    public Condition convert(String value) {
        try {
            return Condition.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage()); // picocli then prints the message alone
        }
    }

    /** The keys, for help. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Condition.values()).map(Condition::key).iterator();
        }
    }
}
