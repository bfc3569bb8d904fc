package digits.model;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import digits.data.InvalidInputException;
import digits.data.StoredFiles;
import digits.io.AtomicFiles;
import digits.io.Printable;
import digits.io.OutputException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Saves and loads model directories: {@code model.json} (the descriptor) and {@code model-<hash>.params} (DJL's
 * own binary parameter format: plain numbers, no Java serialization, so loading a model cannot run code).
 * <p>Saving never loses the previous model: the parameters go to a new file named by their hash, then the
 * descriptor that names that file replaces the old one in a single atomic rename (the commit point), and only then
 * are the old parameter files removed. A crash at any moment leaves the old model or the new one, whole.
 */
public final class ModelStore {
    public static final String DESCRIPTOR = "model.json";
    private static final String PARAMS_PREFIX = "model-";
    private static final String PARAMS_SUFFIX = ".params";
    /** A model of this format is at most a few hundred MB; refuse anything claiming more before reading it. */
    private static final long MAX_PARAMS_BYTES = 2L << 30;
    private static final int LOAD_ATTEMPTS = 3;
    /** The descriptor is a page of JSON: anything larger is not one. */
    private static final long MAX_DESCRIPTOR_BYTES = 1 << 20;
    /** Bytes of a parameter file besides the values: versions, names, shapes (a few kilobytes for any preset). */
    private static final long STRUCTURE_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        // A switch is true or false: Jackson would otherwise read 1, 0 and "true" as booleans too.
        JSON.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }

    private ModelStore() {}

    public static ObjectMapper json() {
        return JSON;
    }

    /** A loaded model and its descriptor. */
    public record Loaded(DigitModel model, ModelDescriptor descriptor) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    public static ModelDescriptor save(DigitModel model, ModelDescriptor descriptor, Path dir) {
        byte[] params = parameterBytes(model);
        String hash = sha256(params);
        String paramsFile = PARAMS_PREFIX + hash.substring(0, 16) + PARAMS_SUFFIX;
        ModelDescriptor complete = descriptor.withParams(paramsFile, hash);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException(dir, e);
        }
        ModelDescriptor previous = previousDescriptor(dir);
        AtomicFiles.write(dir.resolve(paramsFile), out -> out.write(params));
        writeDescriptor(complete, dir);
        if (previous != null && !previous.paramsFile().equals(paramsFile)) removeReplaced(dir.resolve(previous.paramsFile()), previous);
        return complete;
    }

    /**
     * Refuses, before any work, a directory a model can't be saved into without harm: a path that is a file, or a
     * directory that holds an ensemble (a model.json beside its ensemble.json would make it unloadable).
     */
    public static void checkCanSaveInto(Path dir) {
        AtomicFiles.checkDirectory(dir);
        if (Files.exists(dir.resolve(EnsembleStore.DESCRIPTOR), LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(dir, "it holds an ensemble; a model needs a directory of its own");
        }
    }

    /** The directory's current descriptor when it is a readable model of this tool, else null. */
    private static ModelDescriptor previousDescriptor(Path dir) {
        if (!Files.exists(dir.resolve(DESCRIPTOR), LinkOption.NOFOLLOW_LINKS)) return null;
        try {
            return readDescriptor(dir);
        } catch (InvalidInputException e) {
            return null;
        }
    }

    /**
     * Deletes the parameters a save replaced, and only when they are what the old descriptor named (same SHA-256):
     * a file the tool did not write is never deleted, whatever its name.
     */
    private static void removeReplaced(Path file, ModelDescriptor previous) {
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) <= MAX_PARAMS_BYTES
                    && sha256(Files.readAllBytes(file)).equals(previous.paramsSha256())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A replaced file left behind wastes space but does no harm: the descriptor names the one in use.
        }
    }

    public static void writeDescriptor(ModelDescriptor descriptor, Path dir) {
        try {
            AtomicFiles.writeString(dir.resolve(DESCRIPTOR), JSON.writeValueAsString(descriptor) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode model descriptor", e);
        }
    }

    static byte[] parameterBytes(DigitModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
            model.saveParameters(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the model's parameters", e); // in memory: not a file problem
        }
        return bytes.toByteArray();
    }

    /**
     * Reads and checks a model directory's descriptor. The directory is untrusted: the descriptor must be a regular file
     * of at most a megabyte (not a link, device or pipe), one JSON object and nothing after it.
     */
    public static ModelDescriptor readDescriptor(Path dir) {
        Path file = dir.resolve(DESCRIPTOR);
        if (!Files.isDirectory(dir)) throw new InvalidInputException(dir + ": not a model directory (no such directory)");
        byte[] bytes;
        try {
            bytes = readRegular(file, MAX_DESCRIPTOR_BYTES);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": missing; " + dir + " is not a model directory");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        ModelDescriptor d;
        try {
            d = JSON.readValue(bytes, ModelDescriptor.class);
        } catch (MismatchedInputException e) {
            // A value of the wrong kind: name the field ('input.deskew'), and leave out Jackson's advice to programmers.
            // Both are cut short: a planted field name may be tens of thousands of characters.
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String why = firstLine(e.getOriginalMessage()).replaceFirst(" \\(but (could|might) if coercion.*$", "");
            throw new InvalidInputException(file + ": not a valid model descriptor (" + (field.isEmpty() ? "" : "'"
                    + Printable.shortened(field, 80) + "': ") + Printable.shortened(why, 200) + ")");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a valid model descriptor (" + Printable.escape(firstLine(e.getMessage())) + ")");
        }
        if (d == null || !ModelDescriptor.FORMAT.equals(d.format())) {
            throw new InvalidInputException(file + ": not a digits model descriptor (format is not '" + ModelDescriptor.FORMAT + "')");
        }
        if (d.formatVersion() != ModelDescriptor.FORMAT_VERSION) {
            throw new InvalidInputException(file + ": format version " + d.formatVersion() + " is not supported (this tool reads "
                    + ModelDescriptor.FORMAT_VERSION + ")");
        }
        if (d.architecture() == null || d.paramsFile() == null || d.paramsSha256() == null) {
            throw new InvalidInputException(file + ": descriptor lacks 'architecture', 'paramsFile' or 'paramsSha256'");
        }
        if (!d.paramsFile().matches("[A-Za-z0-9._-]+") || d.paramsFile().startsWith(".")) {
            // The descriptor names a file inside the model directory, never a path elsewhere.
            throw new InvalidInputException(file + ": 'paramsFile' must be a plain file name, got '"
                    + Printable.escape(d.paramsFile()) + "'");
        }
        if (d.input() == null || !ModelDescriptor.Input.mnist().equals(d.input().layout())) {
            throw new InvalidInputException(file + ": takes " + (d.input() == null ? "no declared input"
                    : Printable.escape(d.input().describe())) + ", not MNIST input (" + ModelDescriptor.Input.mnist().describe() + ")");
        }
        return d;
    }

    public static Loaded load(Path dir) {
        for (int attempt = 1; ; attempt++) {
            ModelDescriptor d = readDescriptor(dir);
            ModelSpec spec = architecture(d, dir);
            Path paramsFile = dir.resolve(d.paramsFile());
            byte[] params;
            try {
                params = readRegular(paramsFile, expectedMaxBytes(spec));
            } catch (NoSuchFileException e) {
                // A save may have committed a newer descriptor and removed these parameters between our two reads:
                // read the descriptor again. A file still missing after that is a broken directory.
                if (attempt < LOAD_ATTEMPTS) continue;
                throw new InvalidInputException(paramsFile + ": missing");
            } catch (IOException e) {
                throw new InvalidInputException(paramsFile + ": cannot read (" + e.getMessage() + ")");
            }
            return load(d, spec, paramsFile, params);
        }
    }

    /**
     * The most bytes a parameter file of {@code spec} can have: its values and a little structure, and never more than
     * any model of this tool (a file too small for its architecture is {@link ParamsLayout#check}'s to refuse).
     */
    private static long expectedMaxBytes(ModelSpec spec) {
        return Math.min(ModelSummary.of(spec).totalParams() * Float.BYTES + STRUCTURE_BYTES, MAX_PARAMS_BYTES);
    }

    /** A file of a model directory, read only when it is a regular file of at most {@code max} bytes. */
    private static byte[] readRegular(Path file, long max) throws IOException {
        return StoredFiles.read(file, max, "a model directory holds only the files the tool wrote; links, devices and pipes "
                + "are refused", "more than it can hold");
    }

    private static ModelSpec architecture(ModelDescriptor d, Path dir) {
        try {
            ModelSpec spec = ModelSpec.parse(d.architecture());
            ModelSummary.of(spec);
            return spec;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(dir.resolve(DESCRIPTOR) + ": bad architecture: " + e.getMessage());
        }
    }

    private static Loaded load(ModelDescriptor d, ModelSpec spec, Path paramsFile, byte[] params) {
        if (!sha256(params).equals(d.paramsSha256())) {
            throw new InvalidInputException(paramsFile + ": corrupt (SHA-256 does not match " + DESCRIPTOR + ")");
        }
        // The hash only proves the file is the one the descriptor names; check its layout before the engine parses it.
        ParamsLayout.check(spec, params, paramsFile);
        DigitModel model = DigitModel.create(spec, d.input().deskews());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new ByteArrayInputStream(params)))) {
            model.loadParameters(in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InvalidInputException(paramsFile + ": does not match architecture " + spec + " (" + firstLine(e.getMessage()) + ")");
        }
        return new Loaded(model, d);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
