package digits.report;

import digits.api.DigitClassifier;
import digits.data.Dataset;
import digits.eval.Evaluation;
import digits.eval.MostConfused;
import digits.eval.Probabilities;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.train.HistoryFiles;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a saved model directory: its layer summary, training options, history curves, and, given
 * labelled data and the model's probabilities on it, the data's labels and samples, test metrics, confusion
 * heatmap, per-class scores, the most confident mistakes and the probabilities of the worst one.
 * Takes probabilities rather than the model, so {@code digits train} reports on the evaluation it already ran.
 */
public final class ModelReport {
    /** The report's name inside the model directory. */
    public static final String FILE = "report.html";
    static final int MISTAKES = 24;
    static final int SAMPLES_PER_LABEL = 4;
    /** Mistakes whose saliency pictures the report shows (one occlusion batch each). */
    static final int EXPLAINED = 6;

    private ModelReport() {}

    /**
     * Writes {@code report.html} into the model directory (atomically) and returns its path. Reads
     * {@code model.json} and, when present, the history files, so call it after the model and its history are saved.
     *
     * @param test          labelled data the model was evaluated on, or null for a report without evaluation
     * @param probabilities the model's probabilities on {@code test} ({@code test.size() * 10} floats), or null
     */
    public static Path write(Path modelDir, Dataset test, float[] probabilities) {
        Path file = modelDir.resolve(FILE);
        build(modelDir, test, probabilities).write(file);
        return file;
    }

    /** The report without writing it, e.g. to save its pictures too or to write it elsewhere. */
    public static HtmlReport build(Path modelDir, Dataset test, float[] probabilities) {
        return build(modelDir, test, probabilities, -1);
    }

    /**
     * As {@link #build(Path, Dataset, float[])}, with the probability chart of image {@code image} of {@code test}
     * instead of the most confident mistake's ({@code -1}: the most confident mistake).
     */
    public static HtmlReport build(Path modelDir, Dataset test, float[] probabilities, int image) {
        return build(modelDir, test, probabilities, image, null);
    }

    /**
     * As {@link #build(Path, Dataset, float[], int)}, with saliency pictures of the first {@value #EXPLAINED} mistakes
     * made by {@code explainer} (the same model; null for none).
     */
    public static HtmlReport build(Path modelDir, Dataset test, float[] probabilities, int image, DigitClassifier explainer) {
        if ((test == null) != (probabilities == null)) {
            throw new IllegalArgumentException("give both the test data and the model's probabilities on it, or neither");
        }
        if (test != null && !test.hasLabels()) {
            throw new IllegalArgumentException(test.name() + " has no labels: a report needs labelled data to evaluate on");
        }
        ModelDescriptor d = ModelStore.readDescriptor(modelDir);
        ModelSpec spec = ModelSpec.parse(d.architecture());
        HtmlReport.Builder report = HtmlReport.builder("digits report: " + d.name())
                .subtitle(subtitle(d))
                .modelSummary(ModelSummary.of(spec).format(d.name()) + "Architecture: " + spec + "\n")
                .options(options(d))
                .history(HistoryFiles.read(modelDir));
        if (test != null) addEvaluation(report, test, probabilities, image, explainer);
        return report.build();
    }

    private static void addEvaluation(HtmlReport.Builder report, Dataset test, float[] probabilities, int image,
                                      DigitClassifier explainer) {
        if (image < -1 || image >= test.size()) {
            throw new IllegalArgumentException("image " + image + " is not in " + test.name() + " (it has images 0 to " + (test.size() - 1) + ")");
        }
        Evaluation evaluation = Evaluation.of(test.labels(), probabilities);
        List<MostConfused.Mistake> mistakes = MostConfused.find(test.labels(), probabilities, MISTAKES);
        String dataName = String.format(Locale.ROOT, "%s (%,d images)", test.name(), test.size());
        report.labelDistribution(test.name(), test.labelCounts())
                .samples(test, DigitGrid.sampleIndices(test, SAMPLES_PER_LABEL))
                .evaluation(dataName, evaluation)
                .errors(test, mistakes);
        if (explainer != null) {
            report.errorExplanations(mistakes.stream().limit(EXPLAINED)
                    .map(m -> SaliencyPicture.draw(test.image(m.index()), explainer.explain(test.image(m.index())))).toList());
        }
        int shown;
        String caption;
        if (image >= 0) {
            shown = image;
            caption = String.format(Locale.ROOT, "%s image #%d", test.name(), shown);
        } else if (!mistakes.isEmpty()) {
            shown = mistakes.get(0).index();
            caption = String.format(Locale.ROOT, "%s image #%d, the most confident mistake", test.name(), shown);
        } else {
            shown = leastConfident(probabilities);
            caption = String.format(Locale.ROOT, "%s image #%d, the least confident prediction (there are no mistakes)",
                    test.name(), shown);
        }
        report.probabilities(caption, test.image(shown), Probabilities.row(probabilities, shown), test.label(shown));
    }

    /** The image whose top probability is lowest: where the model hesitated most. */
    static int leastConfident(float[] probabilities) {
        int n = Probabilities.count(probabilities);
        int[] predicted = Probabilities.argmax(probabilities);
        int worst = 0;
        for (int i = 1; i < n; i++) {
            if (Probabilities.get(probabilities, i, predicted[i]) < Probabilities.get(probabilities, worst, predicted[worst])) worst = i;
        }
        return worst;
    }

    private static String subtitle(ModelDescriptor d) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "architecture %s, %,d parameters", d.architecture(), d.parameters()));
        if (d.created() != null) s.append(", trained ").append(readableTime(d.created()));
        if (d.versions() != null && d.versions().get("digits") != null) s.append(" with digits ").append(d.versions().get("digits"));
        return s.toString();
    }

    /** 2025-01-31T09:15:02.123456Z as 2025-01-31 09:15:02 UTC; any other text as it is. */
    static String readableTime(String instant) {
        try {
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC)
                    .format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }

    /** The descriptor's training options, then where the data came from and how long training took. */
    private static Map<String, Object> options(ModelDescriptor d) {
        Map<String, Object> options = new LinkedHashMap<>();
        if (d.training() != null) options.putAll(d.training());
        if (d.data() != null) {
            options.put("training data", String.format(Locale.ROOT, "%s: %,d training, %,d validation images",
                    d.data().source(), d.data().trainImages(), d.data().validationImages()));
        }
        if (d.metrics() != null && d.metrics().get("train_seconds") != null) {
            options.put("training time", String.format(Locale.ROOT, "%.1f s", d.metrics().get("train_seconds")));
        }
        return options;
    }
}
