package digits.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks files against a {@code SHA256SUMS} file in the format of {@code sha256sum} ({@code HASH  NAME} or {@code HASH *NAME}). */
public final class Sha256Sums {
    public static final String FILE_NAME = "SHA256SUMS";

    private Sha256Sums() {}

    /** Refuses {@code file} unless the {@code SHA256SUMS} next to it lists it with its actual hash. */
    public static void verify(Path file) {
        Path sumsFile = file.toAbsolutePath().resolveSibling(FILE_NAME);
        String name = file.getFileName().toString();
        String expected = read(sumsFile).get(name);
        if (expected == null) {
            throw new InvalidInputException(sumsFile + ": no checksum for " + name + ", so " + file + " cannot be verified");
        }
        String actual = sha256(file);
        if (!actual.equals(expected)) {
            throw new InvalidInputException(file + ": SHA-256 mismatch: expected " + expected + ", found " + actual
                    + " (the file is corrupt or was replaced)");
        }
    }

    /** File name to lower-case hex hash. */
    public static Map<String, String> read(Path sumsFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(sumsFile);
        } catch (IOException e) {
            throw InputFiles.failure(sumsFile, e);
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int space = line.indexOf(' ');
            String hash = space < 0 ? line : line.substring(0, space);
            if (space < 0 || !hash.matches("[0-9a-fA-F]{64}")) {
                throw new InvalidInputException(sumsFile + ":" + (i + 1) + ": expected '<64 hex digits>  <file name>'");
            }
            String name = line.substring(space).strip();
            if (name.startsWith("*")) name = name.substring(1);
            sums.put(name, hash.toLowerCase(java.util.Locale.ROOT));
        }
        return sums;
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw InputFiles.failure(file, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
