// Writes the images `digits ensemble --select` held out of every member (a stratified --select-split of the training
// data, drawn with the run's --seed) as a labelled CSV, so that test-time augmentation and other choices can be made
// on them afterwards with `digits evaluate --model DIR --input held-out.csv [--tta ...]` (docs/benchmark.md,
// "Ensemble runs, member by member"). Run by hand after ./digits has built the jars:
//   CP="core/target/digits-core.jar:$(ls cli/target/lib/*.jar | tr '\n' ':')"
//   jshell -R-Dai.djl.offline=true -R-Dinput=mnist-train -R-Dseed=42 -R-Dsplit=0.1 -R-Dout=held-out.csv \
//       --class-path "$CP" bench/scripts/held-out-csv.jsh
import digits.data.*;
import digits.train.*;
import java.nio.file.*;
var request = TrainingRequest.builder().parse("input", System.getProperty("input", "mnist-train")).parse("test", "none").build();
var all = TrainingData.load(request).all();
var held = StratifiedSplit.split(all, Double.parseDouble(System.getProperty("split", "0.1")),
        Long.parseLong(System.getProperty("seed", "42"))).validation();
var sb = new StringBuilder("label");
for (int i = 0; i < Dataset.PIXELS; i++) sb.append(",pixel").append(i);
sb.append('\n');
float[] px = held.pixels();
for (int n = 0; n < held.size(); n++) {
    sb.append(held.label(n));
    for (int i = 0; i < Dataset.PIXELS; i++) sb.append(',').append(Math.round(px[n * Dataset.PIXELS + i] * 255));
    sb.append('\n');
}
Files.writeString(Path.of(System.getProperty("out", "held-out.csv")), sb);
System.out.println(all.name() + ": " + all.size() + " images, " + held.size() + " held out -> " + System.getProperty("out", "held-out.csv"));
/exit
