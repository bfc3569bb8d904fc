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
     * @param tta        the copies averaged with each image ({@link TtaViews#NONE}: no test-time augmentation)
     */
    public record Loaded(ProbabilityModel model, ModelDescriptor descriptor, List<ModelDescriptor> members, TtaViews tta)
            implements AutoCloseable {

        public boolean isEnsemble() {
            return EnsembleDescriptor.FORMAT.equals(descriptor.format());
        }

        /** Name and parameter hash, e.g. {@code mlp-64@3f2a9c1b04de}; "+tta8" (see {@link TtaViews#label()}) when predictions use augmentation. */
        public String id() {
            return descriptor.name() + "@" + descriptor.paramsSha256().substring(0, 12) + (tta.isNone() ? "" : "+" + tta.label());
        }

        /** This plain model averaged over the copies {@code views} names (itself for none); the result owns the model. */
        public Loaded withTta(TtaViews views) {
            if (views.isNone()) return this;
            if (!tta.isNone()) throw new IllegalStateException(id() + " already has test-time augmentation");
            return new Loaded(TestTimeAugmentation.wrap(model, views), descriptor, members, views);
        }

        @Override
        public void close() {
            model.close();
        }
    }

    public static Loaded load(Path dir) {
        return load(dir, TtaViews.NONE);
    }

    /** Loads {@code dir} as an ensemble if it holds {@code ensemble.json}, else as a model directory. */
    public static Loaded load(Path dir, TtaViews tta) {
        Loaded plain;
        if (EnsembleStore.isEnsemble(dir)) {
            if (Files.exists(dir.resolve(ModelStore.DESCRIPTOR))) {
                throw new InvalidInputException(dir + ": holds both " + ModelStore.DESCRIPTOR + " and " + EnsembleStore.DESCRIPTOR
                        + "; a directory is a model or an ensemble, not both");
            }
            EnsembleStore.Loaded e = EnsembleStore.load(dir);
            plain = new Loaded(e.ensemble(), e.summary(), e.members(), TtaViews.NONE);
        } else {
            ModelStore.Loaded m = ModelStore.load(dir);
            plain = new Loaded(ProbabilityModel.of(m.model()), m.descriptor(), List.of(m.descriptor()), TtaViews.NONE);
        }
        return plain.withTta(tta);
    }
}
