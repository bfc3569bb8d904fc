// Single digits made by the test-number generator from MNIST *training* digits (seeds 1,000,001 on), put through
// the picture preprocessor as the reader's single digits are, written as a Kaggle CSV for `digits train --add`.
// An experiment of docs/numbers.md ("What was tried"), run by hand, not part of the tool:
//   CP="core/target/digits-core.jar:$(ls cli/target/lib/*.jar | tr '\n' ':')"
//   jshell -R-Dcount=60000 -R-Dout=singles.csv -R-Ddigits.home=$PWD --class-path "$CP" bench/scripts/number-singles.jsh
import digits.data.*;
import digits.api.*;
import java.io.*;
var gen = SyntheticNumbers.fromMnistTraining();
var pre = new ImagePreprocessor();
int n = Integer.parseInt(System.getProperty("count"));
try (var w = new PrintWriter(new BufferedWriter(new FileWriter(System.getProperty("out"))))) {
    StringBuilder h = new StringBuilder("label");
    for (int i = 0; i < 784; i++) h.append(",pixel").append(i);
    w.println(h);
    for (int s = 1; s <= n; s++) {
        var num = gen.generate(1_000_000L + s, 1, SyntheticNumbers.Kind.SEPARATED);
        float[] p;
        try { p = pre.preprocess(num.image()); } catch (Exception e) { continue; }
        StringBuilder b = new StringBuilder(num.digits());
        for (float v : p) b.append(',').append(Math.round(Math.max(0, Math.min(1, v)) * 255));
        w.println(b);
    }
}
System.out.println("done");
/exit
