// Profiles quick-cnn's training steps with PyTorch's own profiler (through DJL's JniUtils.startProfile): 40 steps of
// the real training loop after 150 warm-up steps, then the median time of each convolution, batch norm and ReLU call,
// forward and backward, by its first input's shape (the layer). The profiler adds its own cost to every call, so
// compare layers with each other, not with a step's unprofiled time. docs/benchmark.md, training step.
// Run by hand on an idle machine, after ./digits has built the jars:
//   CP="core/target/digits-core.jar:bench/target/digits-bench.jar:$(ls cli/target/lib/*.jar | tr '\n' ':')"
//   jshell -R-XX:TieredStopAtLevel=1 -R-Dai.djl.offline=true --class-path "$CP" bench/scripts/step-profile.jsh
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.bench.Recipe;
import digits.data.MnistFiles;
import digits.train.*;
import java.nio.file.*;
import java.util.*;
int WARM = 150, STEPS = 40, BATCH = 128;
Path trace = Files.createTempFile("step-profile", ".json");
var recipe = Recipe.parse("model=quick-cnn,epochs=1,val-split=0,batch-size=" + BATCH);
TrainingListener profiler = new TrainingListener() {
    public void onBatch(int step, long seen, double loss, double accuracy) {
        if (step == WARM) JniUtils.startProfile(false, true, false);
        if (step == WARM + STEPS) JniUtils.stopProfile(trace.toString());
    }
};
var data = TrainingData.of(recipe.request(), MnistFiles.train().head((WARM + STEPS) * BATCH), null);
new TrainingJob(recipe.request(), data).listener(profiler).run();
Set<String> OPS = Set.of("aten::mkldnn_convolution", "aten::convolution_backward", "aten::native_batch_norm",
        "aten::native_batch_norm_backward", "aten::clamp_min", "aten::threshold_backward");
Map<String, List<Double>> times = new TreeMap<>();
for (JsonNode e : new ObjectMapper().readTree(trace.toFile())) {
    String name = e.path("name").asText();
    if (!"X".equals(e.path("ph").asText()) || !OPS.contains(name)) continue;
    times.computeIfAbsent(String.format("%-34s %s", name, e.path("shape").path(0)), k -> new ArrayList<>()).add(e.path("dur").asDouble());
}
times.forEach((key, list) -> {
    Collections.sort(list);
    System.out.printf("%8.1f us median of %3d  %s%n", list.get(list.size() / 2), list.size(), key);
});
Files.delete(trace);
/exit
