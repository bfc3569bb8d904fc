package digits.spark;

import digits.data.InvalidInputException;
import digits.data.StoredFiles;
import digits.model.EnsembleStore;
import digits.model.ModelStore;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.reflect.ClassTag$;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A model or ensemble directory as bytes, read once on the driver and broadcast to the executors, with the SHA-256
 * the driver computed over it. An executor checks that SHA-256 against the bytes it received before it unpacks and
 * loads them ({@link ExecutorModels}), so a model damaged on the way is refused, never used.
 */
public final class ModelBundle implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A model's files (descriptor, parameters, history) and an ensemble's members fit well below this. */
    static final long MAX_BYTES = 1L << 30;
    /** An ensemble directory holds member directories; nothing deeper is part of a model. */
    private static final int MAX_DEPTH = 2;

    private final String name;
    /** Relative path ('/'-separated) to content, sorted by path so the SHA-256 does not depend on listing order. */
    private final TreeMap<String, byte[]> files;
    private final String sha256;
    /** Whether this copy's bytes were checked against {@link #sha256} (on each executor, its own copy). */
    private transient volatile boolean verified;

    /** A bundle that claims {@code sha256} for these files; {@link #read} computes it. */
    ModelBundle(String name, TreeMap<String, byte[]> files, String sha256) {
        this.name = name;
        this.files = files;
        this.sha256 = sha256;
    }

    /**
     * Reads a model directory ({@code digits train}) or an ensemble directory ({@code digits ensemble}): its regular
     * files and its member directories' (hidden files and checkpoints are not part of a model and stay behind).
     */
    public static ModelBundle read(Path dir) {
        if (!Files.isDirectory(dir)) throw new InvalidInputException(dir + ": not a model directory (no such directory)");
        TreeMap<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            for (Path file : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Path relative = dir.relativize(file);
                if (hidden(relative) || relative.startsWith("checkpoint")) continue;
                byte[] bytes = StoredFiles.read(file, MAX_BYTES - total, "a model holds regular files only",
                        "more than a model bundle may hold");
                total += bytes.length;
                files.put(relative.toString().replace('\\', '/'), bytes);
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot read (" + e.getMessage() + ")");
        }
        if (!files.containsKey(ModelStore.DESCRIPTOR) && !files.containsKey(EnsembleStore.DESCRIPTOR)) {
            throw new InvalidInputException(dir + ": neither " + ModelStore.DESCRIPTOR + " nor "
                    + EnsembleStore.DESCRIPTOR + " found; not a model or ensemble directory");
        }
        return new ModelBundle(dir.getFileName() == null ? "model" : dir.getFileName().toString(), files, digest(files));
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    /** Ships this bundle to every executor once (Spark's broadcast: each executor fetches it once, not per task). */
    public Broadcast<ModelBundle> broadcast(SparkSession spark) {
        return spark.sparkContext().broadcast(this, ClassTag$.MODULE$.apply(ModelBundle.class));
    }

    /** The directory's name on the driver. */
    public String name() {
        return name;
    }

    /** The SHA-256 the driver computed over the paths and contents (the executors' cache key). */
    public String sha256() {
        return sha256;
    }

    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** Checks this copy against the driver's SHA-256: once per copy, so once per executor for a broadcast bundle. */
    void verify() {
        if (verified) return;
        String actual = digest(files);
        if (!actual.equals(sha256)) {
            throw new IllegalStateException("model bundle " + name + ": SHA-256 of the files received is " + actual
                    + ", the driver's is " + sha256 + "; the model was damaged on the way and is not used");
        }
        verified = true;
    }

    /** Writes the files under {@code dir} (a new, empty directory) after {@link #verify()}. */
    Path unpack(Path dir) {
        verify();
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) throw new IllegalStateException("model bundle " + name + ": path " + f.getKey() + " leaves its directory");
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack model bundle " + name + " into " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** The files by relative path (the bundle's own map: callers must not change it). */
    TreeMap<String, byte[]> files() {
        return files;
    }

    private static String digest(TreeMap<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Long.toString(f.getValue().length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) 0);
                sha.update(f.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
