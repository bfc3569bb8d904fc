package digits.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never half of it:
 * write to a temporary file in the same directory, then rename over the target.
 * A failure to write throws {@link OutputException}, naming the target and the reason.
 *
 * <p>Every output path may be a link, a device or a directory, and is treated as a user would expect: a symbolic link
 * is followed, so the file it names is replaced (atomically) and the link stays; a device or a named pipe
 * ({@code /dev/null}, {@code /dev/stdout}, a FIFO) is written into, never replaced; a directory is refused.
 * {@link #checkWritable} says so before any work starts.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, StreamWriter writer) {
        Path destination = checkWritable(target);
        if (Files.exists(destination) && !Files.isRegularFile(destination)) {
            // A device or a pipe: the bytes go into it; renaming a file over it would replace it.
            try (OutputStream out = Files.newOutputStream(destination, StandardOpenOption.WRITE)) {
                writer.write(out);
            } catch (IOException e) {
                throw new OutputException(target, e);
            }
            return;
        }
        Path tmp = null;
        try {
            tmp = writeTemp(destination, writer);
            moveIntoPlace(tmp, destination);
        } catch (IOException e) {
            throw new OutputException(target, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * Two files that belong together (an IDX images file and its labels), written as one: each to a temp file beside it,
     * and only when both are complete are they renamed into place, so a failure or a kill while writing leaves both old
     * files as they were (the two renames follow each other directly). A device or a pipe among them is written into
     * as {@link #write} does.
     */
    public static void writeBoth(Path first, StreamWriter firstWriter, Path second, StreamWriter secondWriter) {
        Path a = checkWritable(first), b = checkWritable(second);
        if (!isRegularOrAbsent(a) || !isRegularOrAbsent(b)) {
            write(first, firstWriter);
            write(second, secondWriter);
            return;
        }
        Path tmpA = null, tmpB = null;
        Path failed = first;
        try {
            tmpA = writeTemp(a, firstWriter);
            failed = second;
            tmpB = writeTemp(b, secondWriter);
            failed = first;
            moveIntoPlace(tmpA, a);
            failed = second;
            moveIntoPlace(tmpB, b);
        } catch (IOException e) {
            throw new OutputException(failed, e);
        } finally {
            deleteQuietly(tmpA);
            deleteQuietly(tmpB);
        }
    }

    private static boolean isRegularOrAbsent(Path destination) {
        return !Files.exists(destination) || Files.isRegularFile(destination);
    }

    private static Path writeTemp(Path destination, StreamWriter writer) throws IOException {
        Path dir = destination.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + destination.getFileName() + ".", ".tmp");
        try {
            readableByAll(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: the temp file is hidden and harmless
        }
    }

    /**
     * Checks, before any work, that {@code target} can be written as an output file, and returns where the bytes will
     * go: the file a symbolic link names (links followed to the end), or the path itself.
     *
     * @throws OutputException for a directory, a dangling chain of links or a path whose parent is a file
     */
    public static Path checkWritable(Path target) {
        Path destination = target;
        for (int hops = 0; Files.isSymbolicLink(destination); hops++) {
            if (hops == MAX_LINKS) throw new OutputException(target, "too many levels of symbolic links");
            try {
                Path link = Files.readSymbolicLink(destination);
                Path parent = destination.toAbsolutePath().getParent();
                destination = parent == null ? link : parent.resolve(link);
            } catch (IOException e) {
                throw new OutputException(target, e);
            }
        }
        if (Files.isDirectory(destination)) throw new OutputException(target, "is a directory, not a file");
        for (Path p = destination.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) throw new OutputException(target, p + " is a file, not a directory");
                break;
            }
        }
        return destination;
    }

    /**
     * Checks, before any work, that {@code dir} can hold output files: it is a directory or can be created as one
     * (no file in its place or above it).
     */
    public static void checkDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new OutputException(dir, "is " + kind(dir) + ", not a directory");
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) throw new OutputException(dir, p + " is " + kind(p) + ", not a directory");
                break;
            }
        }
    }

    /** What stands at an existing path that is not a directory: "a file", or "a device or a pipe". */
    private static String kind(Path p) {
        return Files.isRegularFile(p) ? "a file" : "a device or a pipe";
    }

    /** Links followed before giving up, as the kernel's own limit (ELOOP). */
    private static final int MAX_LINKS = 40;

    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Temp files are created owner-only; the files we publish (submissions, reports) should read like any other. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Renames {@code source} over {@code target}, atomically where the file system allows. */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
