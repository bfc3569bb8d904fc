package digits.api;

import digits.data.Dataset;
import digits.model.ModelDescriptor;
import digits.model.Models;
import digits.model.ProbabilityModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The library entry point: a trained model or ensemble, loaded from its directory, ready to classify digits.
 * <pre>{@code
 * try (DigitRecognizer recognizer = DigitRecognizer.load(Path.of("runs/model"))) {
 *     Prediction p = recognizer.predict(pixels);   // 784 floats in [0,1], light ink on dark
 *     System.out.println(p.label() + " " + p.confidence());
 * }
 * }</pre>
 * Safe for concurrent callers.
 */
public final class DigitRecognizer implements DigitClassifier {
    private final ProbabilityModel model;
    private final ModelDescriptor descriptor;
    private final String modelId;

    private DigitRecognizer(Models.Loaded loaded) {
        this.model = loaded.model();
        this.descriptor = loaded.descriptor();
        this.modelId = loaded.id();
    }

    /**
     * Loads a model directory written by {@code digits train}, or an ensemble directory written by
     * {@code digits ensemble}; a corrupt or foreign directory is refused.
     */
    public static DigitRecognizer load(Path modelDir) {
        return load(modelDir, 0);
    }

    /**
     * Like {@link #load(Path)}, with test-time augmentation: each prediction averages the probabilities for the image
     * and its first {@code ttaShifts} one-pixel shifts (0-8; 0 = none, 4 = left/right/up/down, 8 = with diagonals).
     */
    public static DigitRecognizer load(Path modelDir, int ttaShifts) {
        return new DigitRecognizer(Models.load(modelDir, ttaShifts));
    }

    /** The model's descriptor; for an ensemble, a summary (name, "ensemble: 3 x ..." architecture, metrics). */
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
        return modelId;
    }

    @Override
    public void close() {
        model.close();
    }
}
