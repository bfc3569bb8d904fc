package digits.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MnistFilesTest {
    // Counts per digit as published for MNIST (and as pandas' value_counts() shows them).
    private static final int[] TRAIN_COUNTS = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    private static final int[] TEST_COUNTS = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};

    @TempDir
    Path tmp;

    @Test
    void trainingSetHas60000DigitsWithTheKnownLabelCounts() {
        Dataset train = MnistFiles.train();
        assertThat(train.name()).isEqualTo("mnist-train");
        assertThat(train.size()).isEqualTo(60_000);
        assertThat(train.labelCounts()).containsExactly(TRAIN_COUNTS);
        assertThat(java.util.Arrays.copyOf(train.labels(), 10)).containsExactly(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        // The first image is the famous "5": 166 inked pixels whose grey levels sum to 27525.
        float[] five = train.image(0);
        double sum = 0;
        int inked = 0;
        for (float p : five) {
            sum += p * 255;
            if (p > 0) inked++;
        }
        assertThat(inked).isEqualTo(166);
        assertThat(sum).isCloseTo(27525, org.assertj.core.api.Assertions.within(0.01));
        assertThat(five[14 * 28 + 14]).isEqualTo(240 / 255f);
    }

    @Test
    void testSetHas10000DigitsWithTheKnownLabelCounts() {
        Dataset test = MnistFiles.test();
        assertThat(test.name()).isEqualTo("mnist-test");
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.labelCounts()).containsExactly(TEST_COUNTS);
    }

    @Test
    void repeatedLoadsShareOneCopy() {
        assertThat(MnistFiles.test()).isSameAs(MnistFiles.test());
    }

    @Test
    void committedFilesMatchSha256Sums() {
        Path dir = MnistFiles.directory();
        Map<String, String> sums = Sha256Sums.read(dir.resolve(Sha256Sums.FILE_NAME));
        assertThat(sums).containsOnlyKeys(MnistFiles.TRAIN_IMAGES, MnistFiles.TRAIN_LABELS, MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS);
        assertThat(Sha256Sums.sha256(dir.resolve(MnistFiles.TEST_LABELS)))
                .isEqualTo("b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b");
        for (String name : sums.keySet()) Sha256Sums.verify(dir.resolve(name));
    }

    @Test
    void rewritingTheDecodedTestSetReproducesTheOriginalIdxBytes() {
        // SHA256SUMS.uncompressed holds the hashes of the raw IDX files: decoding and re-encoding must be lossless.
        Path dir = MnistFiles.directory();
        Map<String, String> raw = Sha256Sums.read(dir.resolve("SHA256SUMS.uncompressed"));
        Path images = tmp.resolve("t10k-images-idx3-ubyte");
        Path labels = tmp.resolve("t10k-labels-idx1-ubyte");
        IdxWriter.write(MnistFiles.test(), images, labels);
        assertThat(Sha256Sums.sha256(images)).isEqualTo(raw.get("t10k-images-idx3-ubyte"));
        assertThat(Sha256Sums.sha256(labels)).isEqualTo(raw.get("t10k-labels-idx1-ubyte"));
    }

    @Test
    void explicitDirectoryLoadsAndVerifies() throws IOException {
        Path copy = copyTestSet(tmp.resolve("copy"));
        Dataset test = MnistFiles.test(copy);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.pixels()).isEqualTo(MnistFiles.test().pixels());
    }

    @Test
    void corruptedFileIsRefusedBeforeParsing() throws IOException {
        Path copy = copyTestSet(tmp.resolve("corrupt"));
        Path labels = copy.resolve(MnistFiles.TEST_LABELS);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(labels, bytes);
        assertThatThrownBy(() -> MnistFiles.test(copy))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageMatching("\\Q" + labels.toAbsolutePath() + ": SHA-256 mismatch: expected "
                        + "b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b, found \\E[0-9a-f]{64}"
                        + "\\Q (the file is corrupt or was replaced)\\E");
    }

    @Test
    void fileMissingFromSha256SumsIsRefused() throws IOException {
        Path copy = copyTestSet(tmp.resolve("unlisted"));
        Path sums = copy.resolve(Sha256Sums.FILE_NAME);
        List<String> lines = Files.readAllLines(sums);
        lines.removeIf(l -> l.endsWith(MnistFiles.TEST_IMAGES));
        Files.write(sums, lines);
        Path images = copy.resolve(MnistFiles.TEST_IMAGES);
        assertThatThrownBy(() -> MnistFiles.test(copy))
                .hasMessage(sums.toAbsolutePath() + ": no checksum for " + MnistFiles.TEST_IMAGES + ", so " + images
                        + " cannot be verified");
    }

    @Test
    void missingSha256SumsIsRefused() throws IOException {
        Path copy = copyTestSet(tmp.resolve("nosums"));
        Files.delete(copy.resolve(Sha256Sums.FILE_NAME));
        assertThatThrownBy(() -> MnistFiles.test(copy))
                .hasMessage(copy.resolve(Sha256Sums.FILE_NAME).toAbsolutePath() + ": no such file");
    }

    @Test
    void malformedSha256SumsLineIsRefused() throws IOException {
        Path sums = Files.writeString(tmp.resolve(Sha256Sums.FILE_NAME), "# comment\nnot-a-hash  file.gz\n");
        assertThatThrownBy(() -> Sha256Sums.read(sums))
                .hasMessage(sums + ":2: expected '<64 hex digits>  <file name>'");
    }

    @Test
    void sha256SumsAcceptsBinaryModeMarker() throws IOException {
        Path sums = Files.writeString(tmp.resolve(Sha256Sums.FILE_NAME), "AB".repeat(32) + " *file.gz\n");
        assertThat(Sha256Sums.read(sums)).containsExactly(Map.entry("file.gz", "ab".repeat(32)));
    }

    @Test
    void directoryComesFromDigitsHome() throws IOException {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("data/mnist"));
        assertThat(MnistFiles.directory(home.toString(), tmp)).isEqualTo(home.resolve("data/mnist"));

        Path empty = tmp.resolve("empty-home");
        assertThatThrownBy(() -> MnistFiles.directory(empty.toString(), tmp))
                .hasMessage(empty.resolve("data/mnist") + ": MNIST directory not found (from -Ddigits.home=" + empty + ")");
    }

    @Test
    void directoryIsFoundWalkingUpFromTheStart() throws IOException {
        Path project = tmp.resolve("project");
        Files.createDirectories(project.resolve("data/mnist"));
        Path deep = Files.createDirectories(project.resolve("src/main/java"));
        assertThat(MnistFiles.directory(null, deep)).isEqualTo(project.resolve("data/mnist"));
        assertThat(MnistFiles.directory("", project)).isEqualTo(project.resolve("data/mnist"));
    }

    @Test
    void noDirectoryAnywhereIsOneClearLine() throws IOException {
        Path nowhere = Files.createDirectories(tmp.resolve("nowhere"));
        // The walk reaches /; only run the assertion where no ancestor of the temp dir has data/mnist.
        org.junit.jupiter.api.Assumptions.assumeTrue(noAncestorHasMnist(nowhere));
        assertThatThrownBy(() -> MnistFiles.directory(null, nowhere))
                .hasMessage("data/mnist: MNIST directory not found in " + nowhere
                        + " or any parent; run from the project directory or set -Ddigits.home");
    }

    private static boolean noAncestorHasMnist(Path start) {
        for (Path p = start; p != null; p = p.getParent()) if (Files.isDirectory(p.resolve("data/mnist"))) return false;
        return true;
    }

    private static Path copyTestSet(Path target) throws IOException {
        Files.createDirectories(target);
        Path source = MnistFiles.directory();
        for (String name : List.of(MnistFiles.TEST_IMAGES, MnistFiles.TEST_LABELS, Sha256Sums.FILE_NAME)) {
            Files.copy(source.resolve(name), target.resolve(name));
        }
        return target;
    }
}
