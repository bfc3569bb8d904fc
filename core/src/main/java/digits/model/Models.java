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
            return Models.id(descriptor) + (tta.isNone() ? "" : "+" + tta.label());
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
        Networks networks = networks(dir);
        List<ProbabilityModel> models = networks.members().stream().map(m -> ProbabilityModel.of(m.model())).toList();
        ProbabilityModel model = networks.isEnsemble() ? Ensemble.of(models, networks.weights()) : models.get(0);
        List<ModelDescriptor> members = networks.members().stream().map(ModelStore.Loaded::descriptor).toList();
        return new Loaded(model, networks.descriptor(), members, TtaViews.NONE).withTta(tta);
    }

    /** A model's name and parameter hash, e.g. {@code mlp-64@3f2a9c1b04de}: how outputs name the model that made them. */
    public static String id(ModelDescriptor descriptor) {
        return descriptor.name() + "@" + descriptor.paramsSha256().substring(0, 12);
    }

    /**
     * The networks of a model or ensemble directory, for code that works on the networks themselves (ONNX export).
     *
     * @param members    the loaded networks, one for a model directory
     * @param weights    how much each member counts (normalised when an {@link Ensemble} is made of them)
     * @param descriptor the model's descriptor, or for an ensemble its {@linkplain EnsembleStore#summary summary}
     */
    public record Networks(List<ModelStore.Loaded> members, double[] weights, ModelDescriptor descriptor)
            implements AutoCloseable {

        public boolean isEnsemble() {
            return EnsembleDescriptor.FORMAT.equals(descriptor.format());
        }

        @Override
        public void close() {
            for (ModelStore.Loaded member : members) member.close();
        }
    }

    /** Loads the networks of {@code dir}: an ensemble if it holds {@code ensemble.json}, else a model directory. */
    public static Networks networks(Path dir) {
        if (EnsembleStore.isEnsemble(dir)) {
            if (Files.exists(dir.resolve(ModelStore.DESCRIPTOR))) {
                throw new InvalidInputException(dir + ": holds both " + ModelStore.DESCRIPTOR + " and " + EnsembleStore.DESCRIPTOR
                        + "; a directory is a model or an ensemble, not both");
            }
            EnsembleDescriptor d = EnsembleStore.readDescriptor(dir);
            List<ModelStore.Loaded> members = EnsembleStore.loadMembers(dir, d);
            List<ModelDescriptor> descriptors = members.stream().map(ModelStore.Loaded::descriptor).toList();
            return new Networks(members, d.weights(), EnsembleStore.summary(d, descriptors));
        }
        ModelStore.Loaded m = ModelStore.load(dir);
        return new Networks(List.of(m), new double[]{1}, m.descriptor());
    }
}
