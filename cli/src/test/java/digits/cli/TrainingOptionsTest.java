package digits.cli;

import digits.train.Setting;
import digits.train.Sweep;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line front ends take every training setting, with the table's defaults (or their named own ones). */
class TrainingOptionsTest {
    private final CliRun cli = new CliRun();

    private static <C extends TrainingOptions.Command> TrainingRequest parsed(C command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command.training().request();
    }

    @Test
    void withoutOptionsEachFrontEndAsksForItsDefaults() {
        assertThat(parsed(new TrainCommand())).isEqualTo(TrainingRequest.defaults());
        assertThat(parsed(new EnsembleCommand())).isEqualTo(TrainingRequest.defaults());
        assertThat(parsed(new SweepCommand())).isEqualTo(TrainingRequest.builder().setAll(Sweep.DEFAULTS).build());
    }

    @Test
    void helpListsEverySettingWithTheDefaultItsFrontEndUses() {
        for (String command : List.of("train", "ensemble", "sweep")) {
            assertThat(cli.run(command, "--help")).isZero();
            String help = cli.out().replaceAll("\\s+", " ");
            for (Setting<?> s : TrainingSettings.ALL) {
                boolean negatable = s.isSwitch() && Boolean.TRUE.equals(s.defaultValue());
                assertThat(help).as(command + " --" + s.key()).contains((negatable ? "--[no-]" : "--") + s.key());
                Object value = command.equals("sweep") && Sweep.DEFAULTS.containsKey(s) ? Sweep.DEFAULTS.get(s) : s.defaultValue();
                if (value != null && !s.isSwitch()) {
                    String shown = "(default: " + format(s, value) + ")";
                    if (command.equals("sweep") && s == TrainingSettings.HIDDEN) continue; // a list of configurations there
                    assertThat(help).as(command + " --" + s.key()).contains(shown);
                }
            }
        }
    }

    private static <T> String format(Setting<T> s, Object value) {
        return s.format(s.cast(value));
    }

    @Test
    void aRequestsRecipeAsOptionsGivesTheSameRequest() {
        TrainingRequest r = TrainingRequest.builder().set(TrainingSettings.MODEL, "mlp").set(TrainingSettings.HIDDEN, "64,32")
                .set(TrainingSettings.EPOCHS, 7).set(TrainingSettings.OPTIMIZER, "sgd").set(TrainingSettings.MOMENTUM, 0.8)
                .set(TrainingSettings.AUGMENT, "default,elastic=1.5").set(TrainingSettings.EARLY_STOPPING, true)
                .set(TrainingSettings.RESTORE_BEST, false).set(TrainingSettings.NESTEROV, true).set(TrainingSettings.SEED, 5L)
                .build();
        List<String> args = new ArrayList<>();
        for (Setting<?> s : TrainingSettings.ALL) {
            Object value = r.get(s);
            if (value == null || value.equals(s.defaultValue())) continue;
            if (s.isSwitch()) args.add((Boolean) value ? "--" + s.key() : "--no-" + s.key());
            else args.addAll(List.of("--" + s.key(), format(s, value)));
        }
        assertThat(parsed(new TrainCommand(), args.toArray(String[]::new))).isEqualTo(r);
    }

    @Test
    void aBadValueIsOneLineNamingTheOption() {
        assertThat(cli.run("train", "--epochs", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: --epochs must be at least 1, got 0\n");
        assertThat(cli.run("train", "--dropout", "NaN")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: --dropout must be in [0,1), got NaN\n");
        assertThat(cli.run("sweep", "--patience", "-2")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: --patience must be at least 0, got -2\n");
        assertThat(cli.run("ensemble", "--val-split", "0", "--lr-schedule", "plateau")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: --lr-schedule plateau monitors val_loss, which needs a validation "
                + "split (val-split > 0)\n");
    }

    @Test
    void threadsAreBoundedByTheMachine() {
        int cores = Runtime.getRuntime().availableProcessors();
        for (String command : List.of("train", "evaluate", "sweep")) {
            for (int threads : new int[]{0, -1, 4 * cores + 1, 1000}) {
                assertThat(cli.run(command, "--threads", Integer.toString(threads), "--limit", "10")).isEqualTo(ExitCodes.BAD_INPUT);
            }
        }
        assertThat(cli.run("train", "--threads", "1000")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: --threads must be between 1 and " + 4 * cores + " on this machine ("
                + cores + " cores), got 1000\n");
    }
}
