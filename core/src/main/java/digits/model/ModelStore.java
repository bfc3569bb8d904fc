package digits.model;

import ai.djl.MalformedModelException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digits.data.InvalidInputException;
import digits.io.AtomicFiles;
import digits.io.OutputException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        AtomicFiles.write(dir.resolve(paramsFile), out -> out.write(params));
        writeDescriptor(complete, dir);
        removeStaleParams(dir, paramsFile);
        return complete;
    }

    private static void removeStaleParams(Path dir, String keep) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith(PARAMS_PREFIX) && name.endsWith(PARAMS_SUFFIX) && !name.equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // Stale files waste space but do no harm: the descriptor names the one in use.
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

    public static ModelDescriptor readDescriptor(Path dir) {
        Path file = dir.resolve(DESCRIPTOR);
        if (!Files.isDirectory(dir)) throw new InvalidInputException(dir + ": not a model directory (no such directory)");
        if (!Files.isRegularFile(file)) throw new InvalidInputException(file + ": missing; " + dir + " is not a model directory");
        ModelDescriptor d;
        try {
            d = JSON.readValue(file.toFile(), ModelDescriptor.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a valid model descriptor (" + firstLine(e.getMessage()) + ")");
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
            throw new InvalidInputException(file + ": 'paramsFile' must be a plain file name, got '" + d.paramsFile() + "'");
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
                if (Files.size(paramsFile) > MAX_PARAMS_BYTES) throw new InvalidInputException(paramsFile + ": too large to be a model");
                params = Files.readAllBytes(paramsFile);
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
        DigitModel model = DigitModel.create(spec);
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
