package digits.api;

import digits.testing.DigitImages;
import digits.testing.Mnist;
import digits.testing.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java example of docs/api.md is a real program: taken from the page as it is, compiled against the library and
 * run in its own JVM (as an application would run it) on two real trained models and real MNIST digits saved as
 * scanned-looking pictures. It must use the public API only: no import from {@code digits.*} but {@code digits.api}.
 */
class ApiDocExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?\\s*;");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public\\s+(?:final\\s+)?class\\s+(\\w+)");

    @Test
    void theJavaExampleCompilesRunsAndRecognisesRealDigits(@TempDir Path tmp) throws Exception {
        List<String> blocks = javaBlocks(Files.readString(apiDoc()));
        assertThat(blocks).as("Java blocks of docs/api.md").isNotEmpty();
        for (String code : blocks) assertUsesThePublicApiOnly(code);
        String program = blocks.stream().filter(b -> b.contains("public static void main(")).findFirst().orElseThrow();

        Path classes = compile(blocks, tmp.resolve("src"), Files.createDirectories(tmp.resolve("classes")));
        Path mlp = TrainedModels.mlp();
        Path logistic = TrainedModels.logistic();
        List<Digit> digits = scannedDigits(tmp.resolve("scans"), mlp, logistic);

        List<String> args = new ArrayList<>(List.of(mlp.toString(), logistic.toString()));
        for (Digit d : digits) args.add(d.file().toString());
        String output = run(className(program), classes, args);

        List<String> lines = output.lines().toList();
        assertThat(lines.get(0)).matches("model mlp-64@[0-9a-f]{12}: 64-10, 50,890 parameters, test accuracy 0\\.\\d{4}");
        for (Digit d : digits) {
            assertThat(lines).anyMatch(l -> l.matches(Pattern.quote("file: " + d.file() + " -> " + d.label())
                    + " \\(\\d\\.\\d{3}, p0 = \\d\\.\\d{3}\\)"));
            for (String kind : List.of("pixels", "batch", "tta", "ensemble")) {
                assertThat(lines).as(kind).contains(kind + ": " + d.file() + " -> " + d.label());
            }
        }
        assertThat(lines).contains("drawn: 1 -> 1", "ensemble of 2 models, test-time augmentation: 8 one-pixel shifts");
        assertThat(lines).hasSize(1 + 5 * digits.size() + 2);
    }

    @Test
    void anImportFromAnInternalPackageFailsTheCheck() {
        for (String code : List.of("import digits.model.ModelDescriptor;\nclass A {}",
                "import static digits.data.Dataset.PIXELS;\nclass A {}",
                "import digits.api.DigitRecognizer;\nclass A { Object o = new digits.eval.Probabilities(); }",
                "import javax.imageio.ImageIO;\nclass A {}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertUsesThePublicApiOnly(code)).isInstanceOf(AssertionError.class);
        }
        assertUsesThePublicApiOnly("import digits.api.*;\nimport java.util.List;\nclass A { List<Prediction> p; }");
    }

    /** Imports only from {@code digits.api} and {@code java.*}, and no fully qualified name of another digits package. */
    static void assertUsesThePublicApiOnly(String code) {
        Matcher m = IMPORT.matcher(code);
        while (m.find()) {
            String name = m.group(2) + (m.group(3) == null ? "" : m.group(3));
            assertThat(name).as("import in the docs/api.md example").matches("(java|digits\\.api)\\..+");
        }
        assertThat(code).as("a digits package other than digits.api named in the example")
                .doesNotContainPattern("\\bdigits\\.(?!api\\b)[a-z]\\w*\\.");
    }

    private static Path apiDoc() {
        for (Path p : List.of(Path.of("docs", "api.md"), Path.of("..", "docs", "api.md"))) if (Files.isRegularFile(p)) return p;
        throw new IllegalStateException("docs/api.md not found from " + Path.of("").toAbsolutePath());
    }

    static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = JAVA_BLOCK.matcher(markdown);
        while (m.find()) blocks.add(m.group(1));
        return blocks;
    }

    private static String className(String code) {
        Matcher m = PUBLIC_CLASS.matcher(code);
        assertThat(m.find()).as("a public class in\n%s", code).isTrue();
        return m.group(1);
    }

    /** Compiles each block as its own file, against the test's class path (the library and what it pulls in). */
    private static Path compile(List<String> blocks, Path sources, Path classes) throws Exception {
        Files.createDirectories(sources);
        List<File> files = new ArrayList<>();
        for (String code : blocks) {
            files.add(Files.writeString(sources.resolve(className(code) + ".java"), code).toFile());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK's compiler").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, fileManager, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(), "-proc:none",
                            "-Xlint:all,-path", "-Werror"),
                    null, fileManager.getJavaFileObjectsFromFiles(files)).call();
            String messages = diagnostics.getDiagnostics().stream().map(ApiDocExampleTest::format).collect(Collectors.joining("\n"));
            assertThat(ok).as("javac:\n%s", messages).isTrue();
        }
        return classes;
    }

    private static String format(Diagnostic<? extends JavaFileObject> d) {
        return d.getKind() + " line " + d.getLineNumber() + ": " + d.getMessage(null);
    }

    record Digit(Path file, int label) {}

    /**
     * Real MNIST test digits as a person might have them: four times the size, dark ink on white, off centre, as PNG;
     * three different digits that both models read right alone, with the shifts and together (a real check of the
     * example's printing, not of the models, which are small).
     */
    private static List<Digit> scannedDigits(Path dir, Path mlp, Path logistic) throws Exception {
        Files.createDirectories(dir);
        Mnist.Digits mnist = Mnist.test(100);
        List<Digit> chosen = new ArrayList<>();
        Set<Integer> labels = new HashSet<>();
        try (DigitRecognizer a = DigitRecognizer.load(mlp); DigitRecognizer b = DigitRecognizer.load(logistic);
             DigitRecognizer shifted = DigitRecognizer.load(mlp, Tta.SHIFTS);
             DigitRecognizer both = DigitRecognizer.loadEnsemble(List.of(mlp, logistic), Tta::recommendedFor)) {
            for (int i = 0; i < mnist.size() && chosen.size() < 3; i++) {
                int label = mnist.labels()[i];
                if (labels.contains(label)) continue;
                Path file = dir.resolve("digit-" + i + ".png");
                Files.write(file, DigitImages.encode(DigitImages.render(mnist.image(i), 140, 150, 20, 15, 4, true), "png"));
                boolean allRight = true;
                for (DigitRecognizer r : List.of(a, b, shifted, both)) allRight &= r.predict(file).label() == label;
                if (allRight) {
                    chosen.add(new Digit(file, label));
                    labels.add(label);
                } else {
                    Files.delete(file);
                }
            }
        }
        assertThat(chosen).hasSize(3);
        return chosen;
    }

    /** {@code java -cp classes:<test class path> Main args}: the example's standard output; it must exit with 0. */
    private static String run(String mainClass, Path classes, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes + File.pathSeparator + System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit code; stdout:\n%s\nstderr:\n%s", out, err.get()).isZero();
        System.out.println(out); // what the page shows as the example's output comes from here
        return out;
    }
}
