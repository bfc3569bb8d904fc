package digits.api;

import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.model.Ensemble;
import digits.model.ModelDescriptor;
import digits.model.Models;
import digits.model.ProbabilityModel;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The library entry point: a trained model (or an ensemble of several) loaded from its directory, ready to classify
 * digits given as MNIST pixels, pictures or image files.
 * <pre>{@code
 * try (DigitRecognizer recognizer = DigitRecognizer.load(Path.of("runs/quick-cnn"))) {
 *     Prediction p = recognizer.predict(Path.of("seven.png"));   // any PNG/JPEG/BMP/GIF of one digit
 *     System.out.println(p.label() + " " + p.confidence());
 *     float[] probabilities = p.probabilities();                 // ten values summing to 1
 * }
 * }</pre>
 * Pictures and files go through {@link ImagePreprocessor} (polarity, crop, scale to 20 px, centre in 28x28, as MNIST
 * was made); pixel arrays are used as they are: 28x28 values in [0,1], light ink on a dark background.
 * An ensemble averages the members' probabilities (soft voting).
 *
 * <p>Safe for concurrent callers: each prediction runs in its own native-memory scope. {@link #close()} must not race
 * with predictions still running.
 */
public final class DigitRecognizer implements DigitClassifier {
    private final ProbabilityModel model;
    /** The model's description, an ensemble directory's summary, or null for several directories loaded together. */
    private final ModelDescription description;
    private final List<ModelDescription> models;
    private final String modelId;
    private final Tta tta;
    private final ImagePreprocessor preprocessor;

    private DigitRecognizer(List<Models.Loaded> loaded, Tta tta, ImagePreprocessor preprocessor) {
        this.tta = tta; // loadEnsemble gives every model the same views
        if (loaded.size() == 1) {
            Models.Loaded one = loaded.get(0);
            this.model = one.model();
            this.description = descriptionOf(one.descriptor());
            this.models = one.members().stream().map(DigitRecognizer::descriptionOf).toList();
            this.modelId = one.id();
        } else {
            this.model = Ensemble.of(loaded.stream().map(Models.Loaded::model).toList());
            this.description = null;
            this.models = loaded.stream().flatMap(l -> l.members().stream()).map(DigitRecognizer::descriptionOf).toList();
            this.modelId = loaded.stream().map(Models.Loaded::id).collect(Collectors.joining("+"));
        }
        this.preprocessor = preprocessor;
    }

    /**
     * Loads a model directory written by {@code digits train}, or an ensemble directory written by
     * {@code digits ensemble}; a missing, corrupt or foreign directory is refused with a one-line message naming the file.
     */
    public static DigitRecognizer load(Path modelDir) {
        return load(modelDir, Tta.NONE);
    }

    /**
     * Like {@link #load(Path)}, with test-time augmentation: each prediction averages the probabilities for the image
     * and its first {@code ttaShifts} one-pixel shifts (0-8; 0 = none, 4 = left/right/up/down, 8 = with diagonals).
     */
    public static DigitRecognizer load(Path modelDir, int ttaShifts) {
        return load(modelDir, Tta.shifts(ttaShifts));
    }

    /** Like {@link #load(Path)}, each prediction averaged over the image and the copies {@code tta} names. */
    public static DigitRecognizer load(Path modelDir, Tta tta) {
        return loadEnsemble(List.of(modelDir), tta);
    }

    /**
     * Loads several model (or ensemble) directories as one classifier whose probabilities are the mean of theirs;
     * one directory gives the plain model. If any directory is refused, the ones already loaded are closed.
     */
    public static DigitRecognizer loadEnsemble(List<Path> modelDirs) {
        return loadEnsemble(modelDirs, Tta.NONE);
    }

    /** {@link #loadEnsemble(List)} with test-time augmentation over the copies {@code tta} names. */
    public static DigitRecognizer loadEnsemble(List<Path> modelDirs, Tta tta) {
        Objects.requireNonNull(tta, "tta");
        return loadEnsemble(modelDirs, models -> tta);
    }

    /**
     * {@link #loadEnsemble(List)} with test-time augmentation over the copies {@code chooseTta} picks from the
     * descriptions of all the models loaded, for example by how they were trained: {@code Tta::recommendedFor}.
     */
    public static DigitRecognizer loadEnsemble(List<Path> modelDirs, Function<List<ModelDescription>, Tta> chooseTta) {
        if (modelDirs.isEmpty()) throw new IllegalArgumentException("no model directory given");
        List<Models.Loaded> loaded = new ArrayList<>();
        Tta tta;
        try {
            for (Path dir : modelDirs) loaded.add(Models.load(dir));
            List<ModelDescription> models = loaded.stream().flatMap(l -> l.members().stream())
                    .map(DigitRecognizer::descriptionOf).toList();
            tta = Objects.requireNonNull(chooseTta.apply(models), "the test-time augmentation chosen");
            loaded.replaceAll(l -> l.withTta(tta.views()));
        } catch (RuntimeException e) {
            loaded.forEach(Models.Loaded::close);
            throw e;
        }
        return new DigitRecognizer(loaded, tta, new ImagePreprocessor());
    }

    /**
     * The model's description (architecture, training, metrics); for an ensemble directory the ensemble's. Several
     * directories loaded together have one description each: see {@link #models()}.
     *
     * @throws IllegalStateException for several directories loaded together
     */
    public ModelDescription description() {
        if (description == null) {
            throw new IllegalStateException("an ensemble of " + models.size() + " models has one description per model: use models()");
        }
        return description;
    }

    /**
     * The descriptions of the models whose probabilities are averaged, in the order they were loaded: the members of an
     * ensemble directory, one per directory otherwise (for a plain model, the same as {@link #description()}).
     */
    public List<ModelDescription> models() {
        return models;
    }

    /** The copies each prediction is averaged over ({@link Tta#NONE} without test-time augmentation). */
    public Tta tta() {
        return tta;
    }

    /** "name (architecture)" for people, e.g. {@code fast-cnn (32C5S2-BN-64C3-BN-P-128-BN-D.3-10)}. */
    public String describe() {
        if (description != null) return description.name() + " (" + description.architecture() + ")";
        return modelId + " (ensemble of " + models.size() + " models)";
    }

    /** Whether more than one model's probabilities are averaged (an ensemble directory, or several directories). */
    public boolean isEnsemble() {
        return models.size() > 1;
    }

    /** The preprocessor that turns pictures and files into model input (default limits). */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** One MNIST-style image: 784 floats in [0,1], row-major, light ink on dark. */
    @Override
    public Prediction predict(float[] pixels) {
        return predictBatch(List.of(pixels)).get(0);
    }

    /** One MNIST-style image as 28 rows of 28 floats in [0,1], light ink on dark. */
    public Prediction predict(float[][] image) {
        return predict(flatten(image));
    }

    /** A picture of one digit, any size, dark on light or light on dark; see {@link ImagePreprocessor}. */
    public Prediction predict(BufferedImage image) {
        return predict(preprocessor.preprocess(Objects.requireNonNull(image, "image")));
    }

    /**
     * A PNG/JPEG/BMP/GIF file of one digit. Unreadable, blank or oversized images throw {@link InvalidInputException}
     * with a one-line message naming the file.
     */
    public Prediction predict(Path imageFile) {
        return predict(preprocessor.preprocess(imageFile));
    }

    @Override
    public List<Prediction> predictBatch(List<float[]> images) {
        float[] flat = new float[images.size() * Dataset.PIXELS];
        for (int i = 0; i < images.size(); i++) {
            float[] img = images.get(i);
            validate(img, i);
            System.arraycopy(img, 0, flat, i * Dataset.PIXELS, Dataset.PIXELS);
        }
        float[] probabilities = probabilities(flat, images.size());
        List<Prediction> out = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            float[] p = new float[Dataset.CLASSES];
            System.arraycopy(probabilities, i * Dataset.CLASSES, p, 0, Dataset.CLASSES);
            out.add(Prediction.fromProbabilities(p));
        }
        return out;
    }

    /** Image files, in order, preprocessed one by one and predicted as one batch; the first bad file throws. */
    public List<Prediction> predictFiles(List<Path> imageFiles) {
        List<float[]> images = new ArrayList<>(imageFiles.size());
        for (Path file : imageFiles) images.add(preprocessor.preprocess(file));
        return predictBatch(images);
    }

    /** Pictures, in order, preprocessed one by one and predicted as one batch. */
    public List<Prediction> predictImages(List<BufferedImage> pictures) {
        List<float[]> images = new ArrayList<>(pictures.size());
        for (int i = 0; i < pictures.size(); i++) images.add(preprocessor.preprocess(pictures.get(i), "image " + i));
        return predictBatch(images);
    }

    /**
     * Class probabilities of many MNIST-style images at once, for evaluations and submissions: {@code images} holds
     * {@code n * 784} floats in [0,1] (image {@code i} at {@code [i*784, (i+1)*784)}), the answer {@code n * 10} (the
     * ten probabilities of image {@code i} at {@code [i*10, (i+1)*10)}).
     */
    public float[] probabilities(float[] images) {
        if (images == null || images.length % Dataset.PIXELS != 0) {
            throw new IllegalArgumentException("expected a multiple of " + Dataset.PIXELS + " pixels (28x28 per image), got "
                    + (images == null ? "null" : images.length));
        }
        int count = images.length / Dataset.PIXELS;
        for (int j = 0; j < images.length; j++) {
            if (!(images[j] >= 0f && images[j] <= 1f)) throw outOfRange(j / Dataset.PIXELS, j % Dataset.PIXELS, images[j]);
        }
        return probabilities(images, count);
    }

    private float[] probabilities(float[] flat, int count) {
        return model.probabilities(flat, count);
    }

    static float[] flatten(float[][] image) {
        if (image == null || image.length != Dataset.ROWS) {
            throw new IllegalArgumentException("expected " + Dataset.ROWS + " rows of " + Dataset.COLS + " pixels, got "
                    + (image == null ? "null" : image.length + " rows"));
        }
        float[] flat = new float[Dataset.PIXELS];
        for (int r = 0; r < Dataset.ROWS; r++) {
            if (image[r] == null || image[r].length != Dataset.COLS) {
                throw new IllegalArgumentException("row " + r + ": expected " + Dataset.COLS + " pixels, got "
                        + (image[r] == null ? "null" : image[r].length));
            }
            System.arraycopy(image[r], 0, flat, r * Dataset.COLS, Dataset.COLS);
        }
        return flat;
    }

    private static void validate(float[] img, int index) {
        if (img == null || img.length != Dataset.PIXELS) {
            throw new IllegalArgumentException("image " + index + ": expected " + Dataset.PIXELS + " pixels, got "
                    + (img == null ? "null" : img.length));
        }
        for (int j = 0; j < img.length; j++) {
            if (!(img[j] >= 0f && img[j] <= 1f)) throw outOfRange(index, j, img[j]);
        }
    }

    private static IllegalArgumentException outOfRange(int image, int pixel, float value) {
        return new IllegalArgumentException("image " + image + ", pixel " + pixel + " (row " + pixel / Dataset.COLS
                + ", column " + pixel % Dataset.COLS + "): " + value + " is outside [0,1]");
    }

    private static ModelDescription descriptionOf(ModelDescriptor d) {
        ModelDescriptor.Input in = d.input();
        ModelDescriptor.DataInfo data = d.data();
        return new ModelDescription(d.name(), d.architecture(), d.parameters(),
                in == null ? null : new ModelDescription.Input(in.height(), in.width(), in.channels(), in.scaling(), in.polarity(),
                        in.deskews()),
                d.training(),
                data == null ? null : new ModelDescription.TrainingData(data.source(), data.sha256(), data.trainImages(),
                        data.validationImages()),
                d.metrics(), d.versions(), d.created(), d.paramsSha256());
    }

    /** {@code name@hash} of the model's parameters; for several directories the ids joined by {@code +}. */
    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public void close() {
        model.close();
    }
}
