package digits.data;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MNIST files shipped in {@code data/mnist/}: 60,000 training and 10,000 test digits.
 * Each file is checked against {@code SHA256SUMS} before it is parsed.
 *
 * <p>The directory is {@code $digits.home/data/mnist} when the system property {@code digits.home} is set
 * (the {@code ./digits} launcher sets it); otherwise {@code data/mnist} in the current directory or the nearest
 * parent that has one. Every method also has a variant taking the directory explicitly.
 */
public final class MnistFiles {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    public static final String HOME_PROPERTY = "digits.home";

    /**
     * Loaded sets by file identity (path, size, modification time): training code and test suites load MNIST
     * many times per JVM. Soft references let the collector reclaim them under memory pressure.
     */
    private static final Map<String, SoftReference<Dataset>> CACHE = new ConcurrentHashMap<>();

    private MnistFiles() {}

    /** The 60,000 training digits, named {@code mnist-train}. */
    public static Dataset train() { return train(directory()); }

    /** The 10,000 test digits, named {@code mnist-test}. */
    public static Dataset test() { return test(directory()); }

    public static Dataset train(Path dir) { return load(dir, TRAIN_IMAGES, TRAIN_LABELS, "mnist-train"); }

    public static Dataset test(Path dir) { return load(dir, TEST_IMAGES, TEST_LABELS, "mnist-test"); }

    /** The MNIST directory, resolved as described in the class comment. */
    public static Path directory() {
        return directory(System.getProperty(HOME_PROPERTY), Path.of("").toAbsolutePath());
    }

    static Path directory(String home, Path start) {
        if (home != null && !home.isBlank()) {
            Path dir = Path.of(home).resolve("data").resolve("mnist");
            if (!Files.isDirectory(dir)) {
                throw new InvalidInputException(dir + ": MNIST directory not found (from -D" + HOME_PROPERTY + "=" + home + ")");
            }
            return dir;
        }
        for (Path p = start; p != null; p = p.getParent()) {
            Path dir = p.resolve("data").resolve("mnist");
            if (Files.isDirectory(dir)) return dir;
        }
        throw new InvalidInputException("data/mnist: MNIST directory not found in " + start
                + " or any parent; run from the project directory or set -D" + HOME_PROPERTY);
    }

    private static Dataset load(Path dir, String imagesName, String labelsName, String name) {
        Path images = dir.resolve(imagesName);
        Path labels = dir.resolve(labelsName);
        String key = identity(images) + "|" + identity(labels);
        SoftReference<Dataset> cached = CACHE.get(key);
        Dataset data = cached == null ? null : cached.get();
        if (data != null) return data;
        Sha256Sums.verify(labels);
        Sha256Sums.verify(images);
        data = IdxReader.read(images, labels, name);
        CACHE.put(key, new SoftReference<>(data));
        return data;
    }

    private static String identity(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.toAbsolutePath().normalize() + "@" + a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            throw InputFiles.failure(file, e);
        }
    }
}
