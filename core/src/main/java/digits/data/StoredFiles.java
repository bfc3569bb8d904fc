package digits.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading back files the tool stores itself (a model directory's, a checkpoint's), which anybody may have replaced:
 * only a regular file is read (a link could point anywhere, a device or a pipe never ends) and only up to the size
 * such a file can have.
 */
public final class StoredFiles {
    private StoredFiles() {}

    /**
     * The bytes of {@code file}.
     *
     * @param regularOnly why only regular files are read there, for the message ("a checkpoint holds only the files it
     *                    wrote")
     * @param tooLarge    how the size limit is named ("more than it can hold")
     * @throws NoSuchFileException   when there is nothing at {@code file} (not even a dangling link)
     * @throws InvalidInputException for anything but a regular file, or one over {@code max} bytes
     */
    public static byte[] read(Path file, long max, String regularOnly, String tooLarge) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException(file + ": not a regular file (" + regularOnly + ")");
        }
        long size = Files.size(file);
        if (size > max) throw new InvalidInputException(file + ": " + size + " bytes, " + tooLarge + " (" + max + ")");
        return Files.readAllBytes(file);
    }
}
