package digits.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import digits.data.InvalidInputException;
import digits.io.AtomicFiles;
import digits.io.OutputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves and loads ensemble directories: {@code ensemble.json} naming member model directories that live inside the
 * ensemble directory ({@code member-1/}, {@code member-2/}, ...), so the whole ensemble can be copied or archived as one.
 * Loading checks everything before the ensemble is used: every member loads (parameters verified by their hash), every
 * member takes MNIST input, and no member path leads outside the ensemble directory.
 */
public final class EnsembleStore {
    public static final String DESCRIPTOR = "ensemble.json";

    private EnsembleStore() {}

    /** A loaded ensemble, its descriptor, and its members' descriptors (in the same order). */
    public record Loaded(Ensemble ensemble, EnsembleDescriptor descriptor, List<ModelDescriptor> members)
            implements AutoCloseable {

        /** The ensemble in the shape of a model descriptor: see {@link EnsembleStore#summary}. */
        public ModelDescriptor summary() {
            return EnsembleStore.summary(descriptor, members);
        }

        @Override
        public void close() {
            ensemble.close();
        }
    }

    /**
     * An ensemble in the shape of a model descriptor, for code that shows a model's name, architecture and id:
     * architecture "ensemble: 3 x 64-10", parameters summed, and a hash over the members' parameter hashes.
     */
    public static ModelDescriptor summary(EnsembleDescriptor descriptor, List<ModelDescriptor> members) {
        List<String> architectures = members.stream().map(ModelDescriptor::architecture).toList();
        String architecture = architectures.stream().distinct().count() == 1
                ? members.size() + " x " + architectures.get(0)
                : String.join(" + ", architectures);
        long parameters = members.stream().mapToLong(ModelDescriptor::parameters).sum();
        StringBuilder identity = new StringBuilder(descriptor.rule() == null ? "" : descriptor.rule());
        for (int i = 0; i < members.size(); i++) {
            identity.append('\n').append(descriptor.members().get(i).weightOrOne()).append(' ').append(members.get(i).paramsSha256());
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("rule", EnsembleDescriptor.MEAN_PROBABILITY);
        training.put("members", members.size());
        return new ModelDescriptor(EnsembleDescriptor.FORMAT, EnsembleDescriptor.FORMAT_VERSION, descriptor.name(),
                "ensemble: " + architecture, parameters, ModelDescriptor.Input.mnist(), training, null,
                descriptor.metrics(), descriptor.versions(), descriptor.created(), null,
                ModelStore.sha256(identity.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code dir} holds an ensemble (rather than a single model). */
    public static boolean isEnsemble(Path dir) {
        return Files.isRegularFile(dir.resolve(DESCRIPTOR));
    }

    /** Refuses a model directory as an ensemble's: the ensemble's members would mix with that model's files. */
    public static void checkNotModelDirectory(Path dir) {
        if (Files.exists(dir.resolve(ModelStore.DESCRIPTOR))) {
            throw new IllegalArgumentException(dir + " is a model directory; an ensemble needs a directory of its own (choose another --output)");
        }
    }

    /**
     * Removes {@code ensemble.json} from a directory whose members are about to be trained again: the older ensemble
     * would list members this run replaces, so it is withdrawn until the new one is whole.
     */
    public static void withdraw(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(DESCRIPTOR));
        } catch (IOException e) {
            throw new OutputException(dir.resolve(DESCRIPTOR), e);
        }
    }

    /**
     * Writes {@code ensemble.json} into {@code dir}, atomically: the last step of making an ensemble, after its members
     * are saved. Refuses member paths that leave the directory and members that are not model directories.
     */
    public static void save(EnsembleDescriptor descriptor, Path dir) {
        Path file = dir.resolve(DESCRIPTOR);
        checkMembersListed(descriptor, file);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < descriptor.members().size(); i++) {
            EnsembleDescriptor.Member member = descriptor.members().get(i);
            try {
                ModelStore.readDescriptor(memberDirectory(dir, file, i + 1, member, seen));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file + ": member " + (i + 1) + " (" + member.path() + "): " + e.getMessage());
            }
        }
        try {
            AtomicFiles.writeString(file, ModelStore.json().writeValueAsString(descriptor) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode ensemble descriptor", e);
        }
    }

    public static EnsembleDescriptor readDescriptor(Path dir) {
        Path file = dir.resolve(DESCRIPTOR);
        if (!Files.isDirectory(dir)) throw new InvalidInputException(dir + ": not an ensemble directory (no such directory)");
        if (!Files.isRegularFile(file)) throw new InvalidInputException(file + ": missing; " + dir + " is not an ensemble directory");
        EnsembleDescriptor d;
        try {
            d = ModelStore.json().readValue(file.toFile(), EnsembleDescriptor.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a valid ensemble descriptor (" + firstLine(e.getMessage()) + ")");
        }
        if (d == null || !EnsembleDescriptor.FORMAT.equals(d.format())) {
            throw new InvalidInputException(file + ": not a digits ensemble descriptor (format is not '" + EnsembleDescriptor.FORMAT + "')");
        }
        if (d.formatVersion() != EnsembleDescriptor.FORMAT_VERSION) {
            throw new InvalidInputException(file + ": format version " + d.formatVersion() + " is not supported (this tool reads "
                    + EnsembleDescriptor.FORMAT_VERSION + ")");
        }
        if (d.rule() != null && !EnsembleDescriptor.MEAN_PROBABILITY.equals(d.rule())) {
            throw new InvalidInputException(file + ": rule '" + d.rule() + "' is not supported (this tool averages probabilities: '"
                    + EnsembleDescriptor.MEAN_PROBABILITY + "')");
        }
        checkMembersListed(d, file);
        return d;
    }

    /** Loads and checks every member; on any problem closes what it loaded and throws one line naming the member. */
    public static Loaded load(Path dir) {
        return load(dir, readDescriptor(dir));
    }

    /** Loads the ensemble that {@code d} describes in {@code dir}, before (or without) writing it to {@code ensemble.json}. */
    public static Loaded load(Path dir, EnsembleDescriptor d) {
        List<ModelStore.Loaded> loaded = loadMembers(dir, d);
        List<ProbabilityModel> models = loaded.stream().map(l -> ProbabilityModel.of(l.model())).toList();
        List<ModelDescriptor> descriptors = loaded.stream().map(ModelStore.Loaded::descriptor).toList();
        return new Loaded(Ensemble.of(models, d.weights()), d, descriptors);
    }

    /**
     * Loads and checks every member of the ensemble {@code d} describes in {@code dir}, in order; on any problem closes
     * what it loaded and throws one line naming the member. The caller closes the members.
     */
    public static List<ModelStore.Loaded> loadMembers(Path dir, EnsembleDescriptor d) {
        Path file = dir.resolve(DESCRIPTOR);
        checkMembersListed(d, file);
        List<ModelStore.Loaded> loaded = new ArrayList<>();
        try {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < d.members().size(); i++) {
                EnsembleDescriptor.Member member = d.members().get(i);
                Path memberDir = memberDirectory(dir, file, i + 1, member, seen);
                try {
                    loaded.add(ModelStore.load(memberDir)); // ModelStore refuses any model that does not take MNIST input
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(file + ": member " + (i + 1) + " (" + member.path() + "): " + e.getMessage());
                }
            }
            return loaded;
        } catch (RuntimeException e) {
            for (ModelStore.Loaded l : loaded) l.close();
            throw e;
        }
    }

    private static void checkMembersListed(EnsembleDescriptor d, Path file) {
        if (d.members() == null || d.members().isEmpty()) throw new InvalidInputException(file + ": lists no members");
        for (int i = 0; i < d.members().size(); i++) {
            EnsembleDescriptor.Member m = d.members().get(i);
            if (m == null || m.path() == null || m.path().isBlank()) {
                throw new InvalidInputException(file + ": member " + (i + 1) + ": 'path' is missing");
            }
            String problem = m.weight() == null ? null : Ensemble.weightProblem(m.weight());
            if (problem != null) {
                throw new InvalidInputException(file + ": member " + (i + 1) + " (" + m.path() + "): weight " + problem);
            }
        }
    }

    /**
     * The member's directory, which must lie inside the ensemble directory: a relative path of plain names (no '..',
     * no '.', no absolute path), and once links are followed still inside, so an ensemble cannot read files elsewhere.
     */
    static Path memberDirectory(Path dir, Path file, int index, EnsembleDescriptor.Member member, Set<String> seen) {
        String path = member.path();
        String refused = file + ": member " + index + ": path '" + path
                + "' must name a directory inside the ensemble directory (no '..', no absolute path)";
        if (path.startsWith("/") || path.contains("\\") || path.chars().anyMatch(c -> c < 0x20)) throw new InvalidInputException(refused);
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) throw new InvalidInputException(refused);
        }
        Path resolved;
        try {
            Path relative = Path.of(path);
            if (relative.isAbsolute() || relative.getRoot() != null) throw new InvalidInputException(refused);
            resolved = dir.resolve(relative);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(refused);
        }
        if (!seen.add(Path.of(path).normalize().toString())) {
            throw new InvalidInputException(file + ": member " + index + " (" + path + ") is listed twice");
        }
        if (Files.exists(resolved)) {
            try {
                if (!resolved.toRealPath().startsWith(dir.toRealPath())) {
                    throw new InvalidInputException(file + ": member " + index + ": path '" + path
                            + "' leads outside the ensemble directory (through a link)");
                }
            } catch (IOException e) {
                throw new InvalidInputException(file + ": member " + index + " (" + path + "): cannot read (" + e.getMessage() + ")");
            }
        }
        return resolved;
    }


    private static String firstLine(String s) {
        if (s == null) return "unknown error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
