package digits.cli;

import digits.train.InvalidSettingException;
import digits.train.Setting;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training settings of {@link TrainingSettings} as command-line options: {@code --epochs}, {@code --lr}, ... with
 * their help and defaults taken from the table (a front end may put its own defaults over them, as {@code sweep} does),
 * parsed into a {@link TrainingRequest}. A command that trains implements {@link Command} and names
 * {@link Transformer} as its {@code modelTransformer}; the options come first in its help.
 */
public final class TrainingOptions {
    /** A command with training options. */
    public interface Command {
        TrainingOptions training();
    }

    private final Map<Setting<?>, Object> frontEndDefaults;
    private final List<Setting<?>> offered;
    private final Map<Setting<?>, OptionSpec> options = new LinkedHashMap<>();
    private CommandSpec command;

    /** Every setting, with the table's defaults. */
    public TrainingOptions() {
        this(Map.of(), TrainingSettings.ALL);
    }

    /**
     * @param frontEndDefaults this front end's own defaults, over the table's
     * @param offered          the settings made into options (the others keep their defaults, or the front end
     *                         declares an option of its own for them)
     */
    public TrainingOptions(Map<Setting<?>, Object> frontEndDefaults, List<Setting<?>> offered) {
        this.frontEndDefaults = Map.copyOf(frontEndDefaults);
        this.offered = List.copyOf(offered);
    }

    /** The request the options say; a bad value is one line naming its option ({@code --epochs must be ...}). */
    public TrainingRequest request() {
        return build(builder());
    }

    /** A builder holding the front end's defaults and what the options say. */
    private TrainingRequest.Builder builder() {
        TrainingRequest.Builder builder = TrainingRequest.builder();
        try {
            builder.setAll(frontEndDefaults);
            CommandLine.ParseResult parsed = command.commandLine().getParseResult();
            options.forEach((setting, option) -> {
                if (parsed.hasMatchedOption(option)) builder.parse(setting.key(), String.valueOf((Object) option.getValue()));
            });
        } catch (InvalidSettingException e) {
            throw flagged(e);
        }
        return builder;
    }

    /** Builds a request, naming a bad setting by its option. */
    private static TrainingRequest build(TrainingRequest.Builder builder) {
        try {
            return builder.build();
        } catch (InvalidSettingException e) {
            throw flagged(e);
        }
    }

    private static IllegalArgumentException flagged(InvalidSettingException e) {
        return new IllegalArgumentException(e.messageNaming("--" + e.key()), e);
    }

    /** This front end's default of a setting, as its option shows it. */
    String defaultText(Setting<?> setting) {
        Object value = frontEndDefaults.containsKey(setting) ? frontEndDefaults.get(setting) : setting.defaultValue();
        return value == null ? null : format(setting, value);
    }

    private static <T> String format(Setting<T> setting, Object value) {
        return setting.format(setting.cast(value));
    }

    /** Adds the options to a command built from annotations, before the command's own. */
    public static final class Transformer implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            TrainingOptions options = ((Command) command.userObject()).training();
            options.command = command;
            List<OptionSpec> own = new ArrayList<>(command.options());
            for (OptionSpec o : own) command.remove(o);
            for (Setting<?> setting : options.offered) {
                OptionSpec option = options.option(setting);
                options.options.put(setting, option);
                command.addOption(option);
            }
            for (OptionSpec o : own) command.addOption(o);
            CommandLine.IDefaultValueProvider previous = command.defaultValueProvider();
            command.defaultValueProvider(arg -> {
                Setting<?> setting = arg.isOption() ? settingOf((OptionSpec) arg) : null;
                if (setting != null && options.offered.contains(setting)) return options.defaultText(setting);
                return previous == null ? null : previous.defaultValue(arg);
            });
            return command;
        }

        private static Setting<?> settingOf(OptionSpec option) {
            String name = option.longestName();
            return name.startsWith("--") ? TrainingSettings.byKey(name.substring(2)) : null;
        }
    }

    private OptionSpec option(Setting<?> setting) {
        List<String> names = new ArrayList<>();
        if (setting.shortName() != null) names.add(setting.shortName());
        names.add("--" + setting.key());
        boolean hasDefault = defaultText(setting) != null;
        OptionSpec.Builder b = OptionSpec.builder(names.toArray(String[]::new))
                .description(setting.help() + (hasDefault && (!setting.isSwitch() || Boolean.TRUE.equals(setting.defaultValue()))
                        ? " (default: ${DEFAULT-VALUE})." : "."));
        if (setting.isSwitch()) {
            b.type(boolean.class).arity("0");
            if (Boolean.TRUE.equals(setting.defaultValue())) b.negatable(true).fallbackValue("true");
        } else {
            b.type(String.class).arity("1").paramLabel(setting.label());
        }
        return b.build();
    }

}
