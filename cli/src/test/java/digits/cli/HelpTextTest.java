package digits.cli;

import digits.data.augment.AugmentOptions;
import digits.model.Architectures;
import digits.train.schedule.LearningRateSchedules;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code digits --help} lists, and the generated lists that commands' help can include. */
class HelpTextTest {
    /**
     * Commands whose description belongs to the training-options rewrite (TrainCommand, SweepCommand, EnsembleCommand):
     * their new one-sentence first lines come with it. Remove a name here once its first line is one short sentence.
     */
    private final CliRun cli = new CliRun();

    @Test
    void everyCommandIsListedWithOneCompleteSentenceOnOneLine() {
        assertThat(cli.run("--help")).isEqualTo(ExitCodes.OK);
        Map<String, List<String>> commands = CommandList.of(cli.out());
        assertThat(commands).containsKeys("help", "train", "evaluate", "predict", "summary", "score", "serve", "report",
                "sweep", "data, inspect", "export-csv", "export", "ensemble");
        commands.forEach((name, lines) -> {
            assertThat(lines).as("%s's lines in the command list (a continuation line means a wrapped description)", name)
                    .hasSize(1);
            assertThat(CommandList.isOneSentence(lines.get(0))).as("%s: '%s' is one short sentence", name, lines.get(0))
                    .isTrue();
        });
    }

    @Test
    void withoutTheBenchModuleTheListEndsSayingHowToGetIt() {
        assertThat(cli.run("--help")).isEqualTo(ExitCodes.OK);
        assertThat(CommandList.of(cli.out())).doesNotContainKeys("bench", "bench-serve");
        assertThat(cli.out().strip()).endsWith("\n" + Main.WITHOUT_BENCH);
        assertThat(Main.WITHOUT_BENCH).hasSizeLessThan(80);
    }

    @Command(name = "probe", mixinStandardHelpOptions = true, description = {"Probe.", "Models: ${bundle:generated.models}."})
    static final class Probe implements Runnable {
        @Mixin
        ProbeOptions options;

        @Option(names = "--presets", description = "Presets: ${bundle:generated.presets}.")
        String presets;

        @Override
        public void run() {}
    }

    static final class ProbeOptions {
        @Option(names = "--augment", description = "Augmentation: ${bundle:generated.augment}.")
        String augment;

        @Option(names = "--lr-schedule", description = "Schedules: ${bundle:generated.schedules}.")
        String schedule;
    }

    /** The mechanism the training options use: a command added to Main's, and its mixins, resolve ${bundle:generated.*}. */
    @Test
    void commandsAndMixinsShowTheGeneratedLists() {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand(new Probe());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("probe", "--help")).isEqualTo(0);
        String help = out.toString();
        assertThat(help).doesNotContain("null", "${");
        // picocli wraps lines at spaces and after commas: compare without white space
        assertThat(help.replaceAll("\\s+", "")).contains(
                ("Models: " + Architectures.presetHelp() + ".").replaceAll("\\s+", ""),
                ("Presets: " + String.join(", ", Architectures.presetNames()) + ".").replaceAll("\\s+", ""),
                ("Augmentation: " + AugmentOptions.SUMMARY + ".").replaceAll("\\s+", ""),
                ("Schedules: " + LearningRateSchedules.summary() + ".").replaceAll("\\s+", ""));
        for (String name : Architectures.presetNames()) assertThat(help).contains(name);
        for (String key : AugmentOptions.keys()) assertThat(help).contains(key + "=");
        for (String name : LearningRateSchedules.names()) assertThat(help).contains(name);
    }
}
