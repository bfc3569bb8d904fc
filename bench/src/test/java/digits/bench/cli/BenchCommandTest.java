package digits.bench.cli;

import digits.cli.CliRun;
import digits.cli.ExitCodes;
import digits.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code digits bench} with every section at its smallest: the numbers are real measurements, checked for consistency. */
class BenchCommandTest {
    final CliRun cli = new CliRun();

    int run(String... args) {
        return cli.run(args);
    }

    @Test
    void everySectionInOneRun(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        assertThat(run("train", "--model", "logistic", "--epochs", "1", "--limit", "1000", "--test", "none", "-o", model.toString(),
                "--no-progress")).as(cli.err()).isEqualTo(ExitCodes.OK);
        Path json = tmp.resolve("results/bench.json");
        int code = run("bench", "--peak-size", "256", "--peak-repeats", "2",
                "--models", "logistic", "--steps", "3", "--warmup-steps", "1", "--batch-size", "32",
                "--model-dir", model.toString(), "--calls", "20", "--warmup-calls", "2", "--inference-batch", "50",
                "--batch-repeats", "2",
                "--recipe", "model=logistic,limit=5000,epochs=4,lr=0.01,val-split=0", "--targets", "0.5,0.85", "--no-fork",
                "--seeds", "1", "--memory-recipe", "model=logistic,epochs=3,limit=1000", "-o", json.toString());
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        JsonNode r = new ObjectMapper().readTree(json.toFile());

        assertThat(r.get("command").asText()).startsWith("digits bench --peak-size 256")
                .contains("--recipe model=logistic,limit=5000");
        assertThat(r.get("machine").get("available_cpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(r.get("machine").get("cpu_model").asText()).isNotBlank();
        assertThat(r.get("threads").asInt()).isPositive();
        assertThat(r.get("versions").get("djl").asText()).isEqualTo("0.35.1");
        assertThat(r.get("flop_convention").asText()).contains("training = 3 x forward");

        JsonNode peak = r.get("peak").get("measured");
        assertThat(peak.get("size").asInt()).isEqualTo(256);
        assertThat(peak.get("best_gflops").asDouble())
                .isCloseTo(2.0 * 256 * 256 * 256 / peak.get("best_seconds").asDouble() / 1e9, within(1e-6))
                .isGreaterThanOrEqualTo(peak.get("median_gflops").asDouble());

        JsonNode speed = r.get("train_speed").get(0);
        assertThat(speed.get("model").asText()).isEqualTo("logistic");
        assertThat(speed.get("forward_flops").asLong()).isEqualTo(2 * 784 * 10 + 10);
        double ips = speed.get("images_per_second").asDouble();
        assertThat(ips).isPositive().isCloseTo(3 * 32 / speed.get("seconds").asDouble(), within(1e-6));
        assertThat(speed.get("gflops").asDouble()).isCloseTo(3 * (2 * 784 * 10 + 10) * ips / 1e9, within(1e-9));
        assertThat(speed.get("percent_of_measured_peak").asDouble())
                .isCloseTo(100 * speed.get("gflops").asDouble() / peak.get("best_gflops").asDouble(), within(1e-9));

        JsonNode inference = r.get("inference");
        assertThat(inference.get("path").asText()).isEqualTo("DigitRecognizer");
        assertThat(inference.get("source").asText()).isEqualTo(model.toString());
        JsonNode latency = inference.get("latency_ms");
        assertThat(latency.get("min").asDouble()).isPositive().isLessThanOrEqualTo(latency.get("median").asDouble());
        assertThat(latency.get("median").asDouble()).isLessThanOrEqualTo(latency.get("p99").asDouble());
        assertThat(latency.get("p99").asDouble()).isLessThanOrEqualTo(latency.get("max").asDouble());
        assertThat(inference.get("images_per_second").asDouble())
                .isCloseTo(50 / inference.get("batch_median_seconds").asDouble(), within(1e-6));

        JsonNode tta = r.get("time_to_accuracy").get(0);
        assertThat(tta.get("process").asText()).isEqualTo("in-process");
        assertThat(tta.get("clock").asText()).isEqualTo("recipe_start");
        assertThat(tta.get("train_images").asInt()).isEqualTo(5000);
        assertThat(tta.get("test_images").asInt()).isEqualTo(10000);
        JsonNode low = tta.get("targets").get(0);
        JsonNode high = tta.get("targets").get(1);
        assertThat(low.get("epoch").asInt()).isEqualTo(1);
        assertThat(high.get("epoch").isNull()).as("0.85 reached within 4 epochs: " + tta).isFalse();
        // The recipe runs all its epochs whatever the test set says; the crossing is timed on the way.
        JsonNode epochs = tta.get("epochs");
        assertThat(epochs).hasSize(4);
        JsonNode hitEpoch = epochs.get(high.get("epoch").asInt() - 1);
        assertThat(hitEpoch.get("test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.85);
        assertThat(high.get("seconds").asDouble()).isEqualTo(hitEpoch.get("seconds").asDouble());
        double evals = 0;
        for (int e = 0; e < high.get("epoch").asInt(); e++) evals += epochs.get(e).get("eval_seconds").asDouble();
        assertThat(high.get("seconds_without_eval").asDouble()).isCloseTo(high.get("seconds").asDouble() - evals, within(1e-6));
        assertThat(tta.get("data_loaded_seconds").asDouble()).isLessThanOrEqualTo(epochs.get(0).get("seconds").asDouble());
        JsonNode last = epochs.get(3);
        double allEvals = 0;
        for (JsonNode e : epochs) allEvals += e.get("eval_seconds").asDouble();
        assertThat(tta.get("final_accuracy").asDouble()).isEqualTo(last.get("test_accuracy").asDouble());
        assertThat(tta.get("final_seconds").asDouble())
                .isCloseTo(last.get("seconds").asDouble() - allEvals + last.get("eval_seconds").asDouble(), within(1e-6));
        JsonNode summary = r.get("time_to_accuracy_summary").get(0);
        assertThat(summary.get("seeds")).extracting(JsonNode::asLong).containsExactly(42L);
        assertThat(summary.get("mean_accuracy").asDouble()).isEqualTo(tta.get("final_accuracy").asDouble());

        JsonNode memory = r.get("memory");
        assertThat(memory.get("epochs")).hasSize(3);
        long base = memory.get("epochs").get(1).get("rss_bytes").asLong();
        double deviation = 0;
        for (int e = 1; e < 3; e++) {
            long rss = memory.get("epochs").get(e).get("rss_bytes").asLong();
            assertThat(rss).isGreaterThan(10L << 20);
            deviation = Math.max(deviation, 100.0 * Math.abs(rss - base) / base);
        }
        assertThat(memory.get("max_deviation_percent").asDouble()).isCloseTo(deviation, within(1e-9));
        assertThat(memory.get("flat").asBoolean()).isEqualTo(deviation <= 10);

        assertThat(cli.out())
                .contains("Peak float32 FLOP/s", "256x256 float32 matmul, 2 timed after 2 warm-up: best ")
                .containsPattern("model +batch +steps +img/s +ms/step +MFLOP/img +GFLOP/s +% meas. peak +% theor. peak")
                .containsPattern("\nlogistic +32 +3 +[0-9,]+ +[0-9.]+ +0\\.05 +[0-9.]+ +[0-9.]+%")
                .contains("Inference: " + model + " via DigitRecognizer", "one image:    median ")
                .containsPattern("  reached 0\\.8500 at epoch [1-4]: [0-9.]+ s \\([0-9.]+ s without test evaluations\\)")
                .contains("First crossing of each target (secondary")
                .containsPattern("Memory \\(logistic\\): RSS from epoch 2 to 3 deviates at most [0-9.]+% from epoch 2")
                .contains("Saved " + json);
    }

    @Test
    void timeToAccuracyRunsEachRecipeInAFreshJvm(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        String recipe = "model=logistic,limit=2000,epochs=2,lr=0.01,val-split=0,tta=shifts";
        int code = run("bench", "--only", "time-to-accuracy", "--recipe", recipe, "--targets", "0.5", "--seeds", "2",
                "--threads", "1", "-o", json.toString());
        assertThat(code).as(cli.err() + "\n" + cli.out()).isEqualTo(ExitCodes.OK);
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        JsonNode tta = results.get("time_to_accuracy").get(0);
        assertThat(results.get("time_to_accuracy")).extracting(t -> t.get("seed").asLong()).containsExactly(42L, 43L);
        JsonNode summary = results.get("time_to_accuracy_summary").get(0);
        assertThat(summary.get("recipe").asText()).isEqualTo(recipe);
        double a = results.get("time_to_accuracy").get(0).get("final_accuracy").asDouble();
        double b = results.get("time_to_accuracy").get(1).get("final_accuracy").asDouble();
        assertThat(summary.get("mean_accuracy").asDouble()).isCloseTo((a + b) / 2, within(1e-12));
        assertThat(summary.get("min_accuracy").asDouble()).isEqualTo(Math.min(a, b));
        assertThat(summary.get("max_accuracy").asDouble()).isEqualTo(Math.max(a, b));
        assertThat(tta.get("process").asText()).isEqualTo("forked JVM");
        assertThat(tta.get("clock").asText()).isEqualTo("jvm_start");
        // From the child JVM's start: its boot, engine start and MNIST loading come before the first epoch.
        double ready = tta.get("data_loaded_seconds").asDouble();
        assertThat(ready).isPositive();
        assertThat(tta.get("targets").get(0).get("epoch").asInt()).isEqualTo(1);
        assertThat(tta.get("targets").get(0).get("seconds").asDouble()).isGreaterThan(ready);
        assertThat(tta.get("epochs")).hasSize(2);
        // The recipe's final predictions average each test image with its 8 shifts: that evaluation is the record,
        // the last epoch's plain one is kept beside it, and only the augmented one is in the time.
        JsonNode lastEpoch = tta.get("epochs").get(1);
        assertThat(tta.get("tta").asText()).isEqualTo("8 one-pixel shifts");
        assertThat(tta.get("final_accuracy_without_tta").asDouble()).isEqualTo(lastEpoch.get("test_accuracy").asDouble());
        assertThat(tta.get("final_accuracy").asDouble()).isGreaterThan(0.5)
                .isNotEqualTo(tta.get("final_accuracy_without_tta").asDouble());
        double plainEvals = tta.get("epochs").get(0).get("eval_seconds").asDouble() + lastEpoch.get("eval_seconds").asDouble();
        assertThat(tta.get("final_seconds").asDouble()).isGreaterThan(lastEpoch.get("seconds").asDouble() - plainEvals);
        double c = results.get("time_to_accuracy").get(0).get("final_accuracy_without_tta").asDouble();
        double d = results.get("time_to_accuracy").get(1).get("final_accuracy_without_tta").asDouble();
        assertThat(summary.get("mean_accuracy_without_tta").asDouble()).isCloseTo((c + d) / 2, within(1e-12));
        assertThat(cli.out())
                .contains("Time to accuracy: recipe " + recipe + ", seed 42 (fresh JVM)")
                .contains("Time to accuracy: recipe " + recipe + ", seed 43 (fresh JVM)")
                .contains("  data ready at ").contains("  reached 0.5000 at epoch 1").contains("  final test accuracy ")
                .contains(" with test-time augmentation (8 one-pixel shifts), ")
                .contains("Final test accuracy of each fixed recipe, and the wall time of its run (seconds from the start "
                        + "of a fresh JVM per recipe, one test evaluation at the end, with the recipe's test-time "
                        + "augmentation if any)")
                .containsPattern("mean w/o TTA\n-+\n" + java.util.regex.Pattern.quote(recipe) + " +2 +[0-9.]+% .* [0-9.]+%\n")
                .contains("First crossing of each target (secondary");
    }

    @Test
    void ensembleAveragesMembersAndRecordsEveryEpoch(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        int code = run("bench", "--only", "ensemble", "--members", "3", "--tta-shifts", "4", "--tta-rotations", "none",
                "--tta-zooms", "0.1",
                "--ensemble-recipe", "model=logistic,limit=3000,epochs=3,lr=0.01,val-split=0", "-o", json.toString());
        assertThat(code).as(cli.err() + "\n" + cli.out()).isEqualTo(ExitCodes.OK);
        JsonNode e = new ObjectMapper().readTree(json.toFile()).get("ensemble");
        assertThat(e.get("clock").asText()).isEqualTo("section_start");
        assertThat(e.get("train_images").asInt()).isEqualTo(3000);
        JsonNode members = e.get("members");
        assertThat(members).hasSize(3);
        for (int m = 0; m < 3; m++) {
            JsonNode member = members.get(m);
            assertThat(member.get("seed").asLong()).isEqualTo(42 + m);
            assertThat(member.get("epochs")).hasSize(3);
            // Logistic regression on 3,000 real digits: well above chance on the 10,000 test images.
            assertThat(member.get("test_accuracy").asDouble()).isGreaterThan(0.8)
                    .isEqualTo(member.get("epochs").get(2).get("test_accuracy").asDouble());
            assertThat(member.get("epochs").get(2).get("rss_bytes").asLong()).isPositive();
        }
        // Different seeds give different members.
        assertThat(members.get(0).get("test_accuracy").asDouble()).isNotEqualTo(members.get(1).get("test_accuracy").asDouble());
        JsonNode steps = e.get("ensemble");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).get("test_accuracy").asDouble()).isEqualTo(members.get(0).get("test_accuracy").asDouble());
        assertThat(e.get("tta").get("shifts").asInt()).isEqualTo(4);
        assertThat(e.get("tta").get("rotations")).isEmpty();
        assertThat(e.get("tta").get("zooms")).extracting(JsonNode::asDouble).containsExactly(0.1);
        for (JsonNode step : steps) {
            // Shifted and magnified copies of real digits are still digits: TTA stays close to the plain ensemble.
            assertThat(step.get("tta_test_accuracy").asDouble()).isCloseTo(step.get("test_accuracy").asDouble(), within(0.05));
        }
        assertThat(steps.get(2).get("seconds").asDouble()).isGreaterThan(steps.get(0).get("seconds").asDouble())
                .isGreaterThanOrEqualTo(steps.get(2).get("seconds_without_eval").asDouble());
        assertThat(e.get("rss_max_deviation_percent").asDouble()).isNotNegative();
        assertThat(cli.out()).contains("Ensemble: 3 members of recipe model=logistic,limit=3000,epochs=3,lr=0.01,val-split=0")
                .containsPattern("  member 2/3, epoch 3/3: test accuracy 0\\.[0-9]{4} at [0-9.]+ s")
                .containsPattern("\n3 +0\\.[0-9]{4} +0\\.[0-9]{4} +0\\.[0-9]{4} +[0-9.]+ +[0-9.]+")
                .contains("TTA: 4 one-pixel shifts, zooms of ±0.1)", " (with TTA 0.")
                .contains("RSS of member 1 from epoch 2 to 3 deviates at most ");
    }

    @Test
    void ensembleOfSeveralRecipesTrainsThemInTurn(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        String logistic = "model=logistic,limit=2000,epochs=2,lr=0.01,val-split=0";
        String mlp = "model=mlp,hidden=32,limit=2000,epochs=2,val-split=0";
        int code = run("bench", "--only", "ensemble", "--members", "3", "--no-tta", "--ensemble-recipe", logistic,
                "--ensemble-recipe", mlp, "-o", json.toString());
        assertThat(code).as(cli.err() + "\n" + cli.out()).isEqualTo(ExitCodes.OK);
        JsonNode e = new ObjectMapper().readTree(json.toFile()).get("ensemble");
        assertThat(e.get("recipes")).extracting(JsonNode::asText).containsExactly(logistic, mlp);
        JsonNode members = e.get("members");
        assertThat(members).extracting(m -> m.get("model").asText()).containsExactly("logistic", "mlp-32", "logistic");
        assertThat(members).extracting(m -> m.get("recipe").asText()).containsExactly(logistic, mlp, logistic);
        assertThat(members).extracting(m -> m.get("seed").asLong()).containsExactly(42L, 43L, 44L);
        for (JsonNode member : members) assertThat(member.get("test_accuracy").asDouble()).isGreaterThan(0.7); // small real models, 2 epochs on 2,000 digits
        assertThat(e.get("tta").get("shifts").asInt()).isZero();
        assertThat(e.get("tta").get("rotations")).isEmpty();
        assertThat(e.get("ensemble").get(2).path("tta_test_accuracy").isNumber()).isFalse();
        assertThat(cli.out()).doesNotContain("with TTA")
                .contains("Ensemble: 3 members taking in turn recipe " + logistic + "; recipe " + mlp)
                .contains("recipes in turn: " + logistic + "; " + mlp)
                .containsPattern("\n2 +mlp-32 +0\\.[0-9]{4} +0\\.[0-9]{4} +[0-9.]+ +[0-9.]+");
    }

    /** The personal section on a real trained model: the closed 4s it fine-tunes on are read better after. */
    @Test
    void personalFineTunesOnCorrectionsAndScoresBeforeAndAfter(@TempDir Path tmp) throws Exception {
        Path json = tmp.resolve("bench.json");
        int code = run("bench", "--only", "personal", "--personal-model", digits.testing.TrainedModels.mlp().toString(),
                "--corrections", "10,60", "--held-out", "100", "-o", json.toString());
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("corrections  held-out style acc  MNIST test acc  fine-tune s").contains("0 (base)");
        JsonNode personal = new ObjectMapper().readTree(json.toFile()).get("personal");
        assertThat(personal.get("style").asText()).isEqualTo("closed-four");
        assertThat(personal.get("held_out").asInt()).isEqualTo(100);
        double before = personal.get("style_accuracy_before").asDouble();
        JsonNode rows = personal.get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("corrections").asInt()).isEqualTo(10);
        assertThat(rows.get(1).get("corrections").asInt()).isEqualTo(60);
        assertThat(rows.get(1).get("style_accuracy").asDouble()).as("closed 4s read right before: %s", before)
                .isGreaterThanOrEqualTo(before + 0.2);
        for (JsonNode row : rows) assertThat(row.get("mnist_accuracy").asDouble()).isBetween(0.8, 1.0);
    }

    @Test
    void badOptionsExitWithTwoBeforeMeasuring(@TempDir Path tmp) {
        Path json = tmp.resolve("bench.json");
        assertThat(run("bench", "--only", "peak,speed", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().strip()).isEqualTo("digits: error: --only: unknown section 'speed': use peak, train-speed, "
                + "inference, time-to-accuracy, memory, ensemble, personal, numbers, conditions");
        assertThat(BenchCommand.SECTIONS).containsExactly("peak", "train-speed", "inference", "time-to-accuracy", "memory",
                "ensemble", "personal", "numbers", "conditions");
        assertThat(run("bench", "--recipe", "model=logistic,colour=red", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --recipe 'model=logistic,colour=red': unknown key 'colour'");
        assertThat(run("bench", "--recipe", "one-epoch,tta=all", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().strip()).isEqualTo("digits: error: --recipe 'one-epoch,tta=all': tta 'all' is not none, shifts or views");
        assertThat(run("bench", "--only", "ensemble", "--ensemble-recipe", "ensemble-member,tta=shifts", "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().strip()).isEqualTo("digits: error: --ensemble-recipe 'ensemble-member,tta=shifts': tta is for "
                + "--recipe only (the ensemble section takes --tta)");
        assertThat(run("bench", "--models", "logistic,resnet", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).startsWith("digits: error: --models: unknown model 'resnet'");
        assertThat(run("bench", "--model-dir", tmp.resolve("missing").toString(), "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--model-dir " + tmp.resolve("missing") + ": not a directory");
        assertThat(run("bench", "--only", "ensemble", "--members", "0", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--members must be at least 1, got 0");
        assertThat(run("bench", "--only", "ensemble", "--tta-shifts", "9", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("test-time augmentation takes 0 to 8 shifts, got 9");
        assertThat(run("bench", "--only", "ensemble", "--tta-zooms", "0.6", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("test-time zooms must be above 0 and at most 0.5, got 0.6");
        assertThat(run("bench", "--targets", "99", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--targets are accuracies in (0,1], got 99.0");
        // sizes that would allocate more than the machine holds end in one line, not in the engine's allocator
        assertThat(run("bench", "--only", "peak", "--peak-size", "200000", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).isEqualTo("digits: error: --peak-size must be between 16 and 8192, got 200000\n");
        assertThat(run("bench", "--only", "personal", "--personal-model", tmp.resolve("missing").toString(), "-o",
                json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("missing: no such model directory");
        assertThat(run("bench", "--only", "personal", "--personal-model", tmp.toString(), "--style", "loopy-two", "-o",
                json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--style: unknown handwriting style 'loopy-two'; known: closed-four");
        assertThat(run("bench", "--only", "personal", "--personal-model", tmp.toString(), "--corrections", "0", "-o",
                json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err()).contains("--corrections must be between 1 and 5000, got 0");
        assertThat(run("bench", "--seeds", "0", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("bench", "--inference-batch", "0", "-o", json.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        // the default 100 + 100 steps of 512 digits are more than MNIST's 60,000: refused before the peak is measured
        assertThat(run("bench", "--only", "train-speed", "--batch-size", "512", "-o", json.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(cli.err().strip()).isEqualTo("digits: error: train-speed needs 102400 training images for 200 steps of "
                + "512, the data has 60000");
        assertThat(json).doesNotExist();
    }
}
