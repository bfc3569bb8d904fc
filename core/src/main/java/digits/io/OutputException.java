package digits.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * An output the tool could not write: a model directory, a submission, a report, a picture. Not a problem of the input:
 * the target's directory cannot be created (a regular file is in the way), is not writable, or the disk is full.
 * The message is one line that names the file and the reason, e.g.
 * {@code cannot write out/submission.csv: out is a file, not a directory}; the CLI prints it and exits with
 * {@code ExitCodes.CANNOT_WRITE}.
 */
public class OutputException extends UncheckedIOException {
    private final transient Path path;

    public OutputException(Path path, IOException cause) {
        super("cannot write " + path + ": " + reason(path, cause), cause);
        this.path = path;
    }

    /** An output refused before anything is written, for {@code reason} ("is a directory"). */
    public OutputException(Path path, String reason) {
        super("cannot write " + path + ": " + reason, new IOException(reason));
        this.path = path;
    }

    /** The file (or directory) that could not be written. */
    public Path path() {
        return path;
    }

    /**
     * What went wrong, in words: the JDK's file-system exceptions often carry only a path as their message
     * ({@code FileAlreadyExistsException: out}), which would read as nonsense after "cannot write ...: ".
     */
    static String reason(Path target, IOException e) {
        Path blocking = fileInTheWay(target);
        if (blocking != null) return blocking + " is a file, not a directory";
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile();
            String where = file == null || sameOrTemporary(Path.of(file), target) ? "" : file + ": ";
            if (fs.getReason() != null) return where + fs.getReason();
            if (e instanceof AccessDeniedException) return where + "permission denied";
            if (e instanceof NoSuchFileException) return where + "no such file or directory";
            if (e instanceof NotDirectoryException) return where + "not a directory";
            if (e instanceof FileAlreadyExistsException) return where + "a file of that name is in the way";
            if (e instanceof DirectoryNotEmptyException) return where + "a directory is in the way";
            return where + e.getClass().getSimpleName();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }

    /** The nearest existing ancestor of {@code target} when it is not a directory (so nothing can be created below it). */
    private static Path fileInTheWay(Path target) {
        for (Path p = target.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) return Files.isDirectory(p) ? null : p;
        }
        return null;
    }

    /** The target itself, or the hidden temporary file written beside it (see {@link AtomicFiles}). */
    private static boolean sameOrTemporary(Path file, Path target) {
        Path f = file.toAbsolutePath().normalize();
        Path t = target.toAbsolutePath().normalize();
        return f.equals(t) || t.getParent() != null && t.getParent().equals(f.getParent()) && t.getFileName() != null
                && f.getFileName().toString().startsWith("." + t.getFileName() + ".");
    }
}
