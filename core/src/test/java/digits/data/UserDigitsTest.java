package digits.data;

import digits.testing.Mnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A person's digit folder: real MNIST digits appended, read back by the strict CSV reader, bounded, never torn. */
class UserDigitsTest {
    private static final Mnist.Digits DIGITS = Mnist.test(200);

    @TempDir
    Path tmp;

    @Test
    void appendedDigitsReadBackAsKaggleCsvAfterReopening() {
        Path dir = tmp.resolve("me");
        try (UserDigits digits = UserDigits.open(dir, 100)) {
            assertThat(digits.size()).isZero();
            for (int i = 0; i < 7; i++) assertThat(digits.append(DIGITS.image(i), DIGITS.labels()[i])).isEqualTo(i + 1);
        }
        Dataset viaReader = KaggleCsvReader.read(dir.resolve(UserDigits.FILE));
        Dataset viaLoad = UserDigits.load(dir);
        try (UserDigits reopened = UserDigits.open(dir, 100)) {
            Dataset snapshot = reopened.snapshot();
            assertThat(snapshot.size()).isEqualTo(7);
            for (Dataset d : List.of(viaReader, viaLoad, snapshot)) {
                for (int i = 0; i < 7; i++) {
                    assertThat(d.label(i)).isEqualTo(DIGITS.labels()[i]);
                    float[] original = DIGITS.image(i);
                    float[] back = d.image(i);
                    for (int p = 0; p < 784; p++) assertThat(back[p]).isEqualTo(original[p]); // MNIST is 8-bit: exact
                }
            }
            reopened.append(DIGITS.image(7), DIGITS.labels()[7]);
        }
        assertThat(UserDigits.load(dir).size()).isEqualTo(8);
    }

    @Test
    void concurrentAppendsFromManyThreadsLoseNothing() throws Exception {
        Path dir = tmp.resolve("busy");
        int threads = 8, each = 25;
        try (UserDigits digits = UserDigits.open(dir, 1000)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * each;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = first; i < first + each; i++) digits.append(DIGITS.image(i), DIGITS.labels()[i]);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get();
            pool.shutdown();
            assertThat(digits.size()).isEqualTo(threads * each);
        }
        Dataset back = UserDigits.load(dir);
        assertThat(back.size()).isEqualTo(threads * each);
        // Every digit is there exactly once, whole: match each line back to the image it came from.
        Set<Integer> found = new HashSet<>();
        for (int k = 0; k < back.size(); k++) {
            float[] image = back.image(k);
            for (int i = 0; i < threads * each; i++) {
                if (java.util.Arrays.equals(image, DIGITS.image(i)) && back.label(k) == DIGITS.labels()[i]) found.add(i);
            }
        }
        assertThat(found).hasSize(threads * each);
    }

    @Test
    void aFullFolderRefusesTheNextDigitAndKeepsTheSavedOnes() throws Exception {
        Path dir = tmp.resolve("small");
        try (UserDigits digits = UserDigits.open(dir, 3)) {
            for (int i = 0; i < 3; i++) digits.append(DIGITS.image(i), DIGITS.labels()[i]);
            byte[] before = Files.readAllBytes(dir.resolve(UserDigits.FILE));
            assertThatThrownBy(() -> digits.append(DIGITS.image(3), DIGITS.labels()[3]))
                    .isInstanceOf(UserDigits.FullException.class)
                    .hasMessageContaining("holds 3 digits, its maximum");
            assertThat(Files.readAllBytes(dir.resolve(UserDigits.FILE))).isEqualTo(before);
        }
        // Opened again with a smaller maximum than it holds: refused, untouched.
        assertThatThrownBy(() -> UserDigits.open(dir, 2)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(UserDigits.FILE);
        assertThat(UserDigits.load(dir).size()).isEqualTo(3);
    }

    @Test
    void badLabelsAndImagesAreRefusedWithoutWriting() throws Exception {
        Path dir = tmp.resolve("strict");
        try (UserDigits digits = UserDigits.open(dir, 10)) {
            assertThatThrownBy(() -> digits.append(DIGITS.image(0), 10)).hasMessageContaining("label must be 0-9");
            assertThatThrownBy(() -> digits.append(new float[783], 1)).hasMessageContaining("784 pixels");
            float[] bright = DIGITS.image(0);
            bright[5] = 1.5f;
            assertThatThrownBy(() -> digits.append(bright, 1)).hasMessageContaining("pixel 5");
            assertThat(digits.size()).isZero();
        }
        assertThat(Files.readString(dir.resolve(UserDigits.FILE))).isEqualTo(UserDigits.header());
    }

    @Test
    void aTornLastLineIsRefusedWithOneLineAndLeftAsItIs() throws Exception {
        Path dir = tmp.resolve("torn");
        try (UserDigits digits = UserDigits.open(dir, 10)) {
            digits.append(DIGITS.image(0), DIGITS.labels()[0]);
        }
        Path file = dir.resolve(UserDigits.FILE);
        Files.writeString(file, "3,0,0,12", StandardOpenOption.APPEND); // a write cut off by a crash
        byte[] torn = Files.readAllBytes(file);
        assertThatThrownBy(() -> UserDigits.open(dir, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessage(file + ":3: torn last line (no line end): a write was cut off; remove that line to use the folder again");
        assertThat(Files.readAllBytes(file)).isEqualTo(torn);
    }

    @Test
    void hostileFilesAreRefusedWithOneLine() throws Exception {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve(UserDigits.FILE), UserDigits.header() + "7," + "0,".repeat(783) + "300\n");
        assertThatThrownBy(() -> UserDigits.open(bad, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(UserDigits.FILE + ":2").hasMessageNotContaining("\n");

        Path huge = Files.createDirectories(tmp.resolve("huge"));
        Files.write(huge.resolve(UserDigits.FILE), new byte[UserDigits.header().length() + 2 * UserDigits.MAX_LINE_BYTES + 1]);
        assertThatThrownBy(() -> UserDigits.open(huge, 2)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("more than 2 digits can take");

        Path linked = Files.createDirectories(tmp.resolve("linked"));
        Files.createSymbolicLink(linked.resolve(UserDigits.FILE), Path.of("/etc/hostname"));
        assertThatThrownBy(() -> UserDigits.open(linked, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a regular file");

        Path noLabels = Files.createDirectories(tmp.resolve("nolabels"));
        Files.writeString(noLabels.resolve(UserDigits.FILE), UserDigits.header().substring("label,".length())
                + "0,".repeat(783) + "0\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> UserDigits.open(noLabels, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no label column");
    }

    @Test
    void oneProcessAtATimeHoldsTheFolder() {
        Path dir = tmp.resolve("held");
        try (UserDigits first = UserDigits.open(dir, 10)) {
            first.append(DIGITS.image(0), DIGITS.labels()[0]);
            assertThatThrownBy(() -> UserDigits.open(dir, 10)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("already open");
        }
        try (UserDigits again = UserDigits.open(dir, 10)) {
            assertThat(again.size()).isEqualTo(1);
        }
    }
}
