package digits.bench.cli;

import digits.data.render.Condition;
import picocli.CommandLine.ITypeConverter;

import java.util.Arrays;
import java.util.Iterator;

/** {@code --condition photo-ruled}: a {@link Condition} by its key. */
final class ConditionConverter implements ITypeConverter<Condition> {
    @Override
    public Condition convert(String value) {
        return Condition.parse(value);
    }

    /** The keys, for help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Condition.values()).map(Condition::key).iterator();
        }
    }
}
