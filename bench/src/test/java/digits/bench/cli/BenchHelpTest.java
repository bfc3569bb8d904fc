package digits.bench.cli;

import digits.cli.CliRun;
import digits.cli.CommandList;
import digits.cli.ExitCodes;
import digits.model.Architectures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench module's commands in {@code digits --help}, and the generated preset list in {@code digits bench --help}. */
class BenchHelpTest {
    private final CliRun cli = new CliRun();

    @Test
    void benchCommandsAreListedWithOneSentenceEachAndNoFooter() {
        assertThat(cli.run("--help")).isEqualTo(ExitCodes.OK);
        Map<String, List<String>> commands = CommandList.of(cli.out());
        for (String name : List.of("bench", "bench-serve")) {
            assertThat(commands.get(name)).as(name).hasSize(1);
            assertThat(CommandList.isOneSentence(commands.get(name).get(0))).as(commands.get(name).get(0)).isTrue();
        }
        assertThat(cli.out()).doesNotContain("The bench module adds");
    }

    @Test
    void benchHelpListsEveryPreset() {
        assertThat(cli.run("bench", "--help")).isEqualTo(ExitCodes.OK);
        String help = cli.out().replaceAll("\\s+", "");
        assertThat(help).doesNotContain("null", "${")
                .contains(("presets (" + String.join(", ", Architectures.presetNames()) + ")").replaceAll("\\s+", ""))
                .contains(Architectures.presetHelp().replaceAll("\\s+", ""));
    }
}
