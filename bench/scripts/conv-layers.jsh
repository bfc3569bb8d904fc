// Times quick-cnn's three convolutions one by one (batch 128, channels-last as DigitModel.images lays images out),
// forward and backward of a sum of squares, and the first one computed as a 1x1 convolution over its 5x5 patches
// (patches by 25 strided slices, by a fixed one-hot convolution, or made beforehand). docs/benchmark.md, training step.
// Run by hand on an idle machine, after ./digits has built the jars:
//   CP="core/target/digits-core.jar:$(ls cli/target/lib/*.jar | tr '\n' ':')"
//   jshell -R-Dai.djl.offline=true --class-path "$CP" bench/scripts/conv-layers.jsh
import ai.djl.ndarray.*;
import ai.djl.ndarray.index.*;
import ai.djl.ndarray.types.*;
import ai.djl.engine.*;
import ai.djl.training.*;
import ai.djl.nn.convolutional.Conv2d;
import java.util.function.Supplier;
var m = NDManager.newBaseManager();
int N = 128, STEPS = 60;
Shape one = new Shape(1, 1), none = new Shape(0, 0);
void time(String name, double flops, Supplier<NDArray> forward) {
    long fwd = 0, bwd = 0;
    for (int i = 0; i < STEPS + 10; i++) {
        try (NDManager sub = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            long t0 = System.nanoTime();
            NDArray y = forward.get();
            NDArray loss = y.mul(y).sum();
            long t1 = System.nanoTime();
            gc.backward(loss);
            long t2 = System.nanoTime();
            if (i >= 10) { fwd += t1 - t0; bwd += t2 - t1; }
        }
    }
    double f = fwd / 1e6 / STEPS, b = bwd / 1e6 / STEPS;
    System.out.printf("%-40s forward %6.3f ms  backward %6.3f ms  %6.1f GFLOP/s%n", name, f, b, flops / (f + b) / 1e6);
}
NDArray images(int c, int h) { return m.randomNormal(new Shape(N, h, h, c)).transpose(0, 3, 1, 2); }
NDArray weight(int out, int in, int k) { NDArray w = m.randomNormal(new Shape(out, in, k, k)).mul(0.1f); w.setRequiresGradient(true); return w; }
NDArray bias(int out) { NDArray b = m.zeros(new Shape(out)); b.setRequiresGradient(true); return b; }
NDArray conv(NDArray x, NDArray w, NDArray b, int s) { return Conv2d.conv2d(x, w, b, new Shape(s, s), none, one, 1).singletonOrThrow(); }
// first convolution: 1 -> 32 channels, 5x5, stride 2, 28 -> 12; its input needs no gradient (2 x MACs forward, 2 x MACs for the weights)
NDArray x1 = images(1, 28); NDArray w1 = weight(32, 1, 5); NDArray b1 = bias(32);
double macs1 = (double) N * 12 * 12 * 32 * 25;
time("conv1 (1->32, 5x5, stride 2)", 4 * macs1, () -> conv(x1, w1, b1, 2));
NDArray x2 = images(32, 12); x2.setRequiresGradient(true); NDArray w2 = weight(32, 32, 3); NDArray b2 = bias(32);
time("conv2 (32->32, 3x3)", 6.0 * N * 10 * 10 * 32 * 32 * 9, () -> conv(x2, w2, b2, 1));
NDArray x3 = images(32, 10); x3.setRequiresGradient(true); NDArray w3 = weight(64, 32, 3); NDArray b3 = bias(64);
time("conv3 (32->64, 3x3, stride 2)", 6.0 * N * 4 * 4 * 64 * 32 * 9, () -> conv(x3, w3, b3, 2));
NDArray eye = m.zeros(new Shape(25, 1, 5, 5));
for (int k = 0; k < 25; k++) eye.set(new NDIndex("{}, 0, {}, {}", k, k / 5, k % 5), 1f);
time("conv1 as 1x1 over patches: 25 slices", 4 * macs1, () -> {
    NDList parts = new NDList();
    for (int ky = 0; ky < 5; ky++) for (int kx = 0; kx < 5; kx++) parts.add(x1.get(new NDIndex(":, :, {}:{}:2, {}:{}:2", ky, ky + 23, kx, kx + 23)));
    return conv(NDArrays.concat(parts, 1), w1.reshape(32, 25, 1, 1), b1, 1);
});
time("conv1 as 1x1 over patches: one-hot conv", 4 * macs1, () -> conv(conv(x1, eye, null, 2), w1.reshape(32, 25, 1, 1), b1, 1));
NDArray patches = conv(x1, eye, null, 2);
time("conv1 as 1x1 over patches made before", 4 * macs1, () -> conv(patches, w1.reshape(32, 25, 1, 1), b1, 1));
/exit
