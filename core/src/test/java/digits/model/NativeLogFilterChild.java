package digits.model;

import com.sun.jna.Native;
import digits.data.MnistFiles;
import digits.train.TrainingData;
import digits.train.TrainingJob;
import digits.train.TrainingRequest;

import java.nio.charset.StandardCharsets;

/** Run by {@link NativeLogFilterTest} in a JVM of its own: a real training step, and lines written as native code does. */
public final class NativeLogFilterChild {
    public static void main(String[] args) {
        System.out.println("filter installed: " + NativeLogFilter.install());
        NativeLogFilter.LibC libc = Native.load("c", NativeLogFilter.LibC.class);
        for (String line : new String[]{
                "[W1204 13:04:20.024091390 NNPACK.cpp:62] Could not initialize NNPACK! Reason: Unsupported hardware.\n",
                "native plain line\n",
                "[E1204 13:04:21.000000001 Foo.cpp:1] a real native error\n"}) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            libc.write(2, bytes, bytes.length);
        }
        System.err.println("java error line");
        EngineSetup.threads(1);
        TrainingRequest request = TrainingRequest.builder().parse("model", "logistic").parse("epochs", "1")
                .parse("val-split", "0").build();
        new TrainingJob(request, TrainingData.of(request, MnistFiles.test().head(200), null)).run();
        System.err.println("last java line");
        System.exit(3);
    }
}
