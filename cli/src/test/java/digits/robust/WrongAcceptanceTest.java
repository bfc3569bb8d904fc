package digits.robust;

import digits.testing.TrainedModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Values that used to pass silently (and then did something else than asked) are refused with exit 2. */
class WrongAcceptanceTest {
    private record Case(List<Object> args, String message) {}

    @Test
    void eachIsRefusedNamingWhatIsWrong() {
        Object model = TrainedModel.directory();
        for (Case c : List.of(
                new Case(List.of("train", "--dropout", "NaN"), "--dropout must be in [0,1), got NaN"),
                new Case(List.of("train", "--patience", "-1", "--early-stopping"), "--patience must be at least 0, got -1"),
                new Case(List.of("train", "--model", "32C3-10-"), "model spec '32C3-10-': an empty layer"),
                new Case(List.of("summary", "--model", "-10"), "model spec '-10': an empty layer"),
                new Case(List.of("evaluate", "--model", model, "--errors", "-1"), "--errors must be 0 or more, got -1"),
                new Case(List.of("evaluate", "--model", model, "--tta-rotations", "NaN"), "'NaN' is not a finite number"),
                new Case(List.of("predict", "--model", model, "--input", "mnist-test", "--tta-zooms", "Infinity"),
                        "'Infinity' is not a finite number"),
                new Case(List.of("ensemble", "--members", "2", "--weights", "5e-324,1"), "--weights: weight 1 must be between"),
                new Case(List.of("ensemble", "--members", "2", "--weights", "1,1e308"), "--weights: weight 2 must be between"))) {
            Cli run = Cli.run(c.args().toArray());
            assertThat(run.exitCode()).as("%s: %s", c.args(), run.err()).isEqualTo(2);
            assertThat(run.err()).as("%s", c.args()).contains(c.message());
            assertThat(run.showsStackTrace()).isFalse();
        }
    }
}
