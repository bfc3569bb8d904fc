package digits.model;

import digits.data.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Loads what a user points at: a model directory or an ensemble directory, optionally with test-time augmentation. */
public final class Models {
    private Models() {}

    /**
     * A loaded model or ensemble, ready to predict.
     *
     * @param descriptor the model's descriptor, or for an ensemble its {@linkplain EnsembleStore.Loaded#summary() summary}
     * @param members    the members' descriptors (for a single model: just its own)
     * @param ttaShifts  shifted copies averaged with each image (0 = no test-time augmentation)
     */
    public record Loaded(ProbabilityModel model, ModelDescriptor descriptor, List<ModelDescriptor> members, int ttaShifts)
            implements AutoCloseable {

        public boolean isEnsemble() {
            return EnsembleDescriptor.FORMAT.equals(descriptor.format());
        }

        /** Name and parameter hash, e.g. {@code mlp-64@3f2a9c1b04de}; "+tta8" when predictions use augmentation. */
        public String id() {
            return descriptor.name() + "@" + descriptor.paramsSha256().substring(0, 12) + (ttaShifts > 0 ? "+tta" + ttaShifts : "");
        }

        @Override
        public void close() {
            model.close();
        }
    }

    public static Loaded load(Path dir) {
        return load(dir, 0);
    }

    /** Loads {@code dir} as an ensemble if it holds {@code ensemble.json}, else as a model directory. */
    public static Loaded load(Path dir, int ttaShifts) {
        TestTimeAugmentation.checkShifts(ttaShifts);
        Loaded plain;
        if (EnsembleStore.isEnsemble(dir)) {
            if (Files.exists(dir.resolve(ModelStore.DESCRIPTOR))) {
                throw new InvalidInputException(dir + ": holds both " + ModelStore.DESCRIPTOR + " and " + EnsembleStore.DESCRIPTOR
                        + "; a directory is a model or an ensemble, not both");
            }
            EnsembleStore.Loaded e = EnsembleStore.load(dir);
            plain = new Loaded(e.ensemble(), e.summary(), e.members(), 0);
        } else {
            ModelStore.Loaded m = ModelStore.load(dir);
            plain = new Loaded(ProbabilityModel.of(m.model()), m.descriptor(), List.of(m.descriptor()), 0);
        }
        if (ttaShifts == 0) return plain;
        return new Loaded(TestTimeAugmentation.wrap(plain.model(), ttaShifts), plain.descriptor(), plain.members(), ttaShifts);
    }
}
