package digits.api;

import digits.data.Dataset;
import digits.model.DigitModel;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The library entry point: a trained model loaded from its directory, ready to classify digits.
 * <pre>{@code
 * try (DigitRecognizer recognizer = DigitRecognizer.load(Path.of("runs/model"))) {
 *     Prediction p = recognizer.predict(pixels);   // 784 floats in [0,1], light ink on dark
 *     System.out.println(p.label() + " " + p.confidence());
 * }
 * }</pre>
 * Safe for concurrent callers.
 */
public final class DigitRecognizer implements DigitClassifier {
    private final DigitModel model;
    private final ModelDescriptor descriptor;

    private DigitRecognizer(DigitModel model, ModelDescriptor descriptor) {
        this.model = model;
        this.descriptor = descriptor;
    }

    /** Loads a model directory written by {@code digits train}; a corrupt or foreign directory is refused. */
    public static DigitRecognizer load(Path modelDir) {
        ModelStore.Loaded loaded = ModelStore.load(modelDir);
        return new DigitRecognizer(loaded.model(), loaded.descriptor());
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Prediction predict(float[] pixels) {
        return predictBatch(List.of(pixels)).get(0);
    }

    @Override
    public List<Prediction> predictBatch(List<float[]> images) {
        float[] flat = new float[images.size() * Dataset.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.get(i);
            validate(img, i);
            System.arraycopy(img, 0, flat, i * Dataset.PIXELS, Dataset.PIXELS);
        }
        float[] probabilities = model.probabilities(flat, images.size());
        List<Prediction> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] p = new float[Dataset.CLASSES];
            System.arraycopy(probabilities, i * Dataset.CLASSES, p, 0, Dataset.CLASSES);
            out.add(Prediction.fromProbabilities(p));
        }
        return out;
    }

    private static void validate(float[] img, int index) {
        if (img == null || img.length != Dataset.PIXELS) {
            throw new IllegalArgumentException("image " + index + ": expected " + Dataset.PIXELS + " pixels, got "
                    + (img == null ? "null" : img.length));
        }
        for (int j = 0; j < img.length; j++) {
            if (!(img[j] >= 0f && img[j] <= 1f)) {
                throw new IllegalArgumentException("image " + index + ", pixel " + j + ": " + img[j] + " is outside [0,1]");
            }
        }
    }

    @Override
    public String modelId() {
        return descriptor.name() + "@" + descriptor.paramsSha256().substring(0, 12);
    }

    @Override
    public void close() {
        model.close();
    }
}
