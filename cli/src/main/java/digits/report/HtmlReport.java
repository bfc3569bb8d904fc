package digits.report;

import digits.data.Dataset;
import digits.eval.ClassificationReport;
import digits.eval.Decimals;
import digits.eval.Evaluation;
import digits.eval.MostConfused;
import digits.io.AtomicFiles;
import digits.train.EpochStats;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One self-contained HTML page about a model: every picture is embedded as a base64 data URI and the CSS is
 * inline, so the file can be mailed, attached to a CI run or opened offline. Sections appear in a fixed order
 * (model, options, data, history, test metrics, confusion matrix, per-class scores, errors, one image's
 * probabilities, then extra tables and pictures) and only when their values were given.
 * <p>The pictures are also kept by name ({@link #pictures()}), so a caller can save them as PNG files
 * ({@link #savePictures}) without rendering them twice.
 */
public final class HtmlReport {
    static {
        Style.headless();
    }

    private final String html;
    private final Map<String, BufferedImage> pictures;

    private HtmlReport(String html, Map<String, BufferedImage> pictures) {
        this.html = html;
        this.pictures = Collections.unmodifiableMap(pictures);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String html() { return html; }

    /** Writes the page atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, html);
    }

    /**
     * Every picture of the report in page order, by file name without {@code .png}: label-distribution-bar,
     * label-distribution-pie, samples, curves-loss, curves-accuracy, learning-rate, confusion, per-class (the page
     * shows these scores as an HTML table; the picture is for slides and READMEs), errors, probabilities, then
     * extra pictures named after their heading.
     */
    public Map<String, BufferedImage> pictures() { return pictures; }

    /** Writes each picture as {@code <name>.png} in {@code dir} (created if missing), atomically; returns the files. */
    public List<Path> savePictures(Path dir) {
        List<Path> files = new ArrayList<>();
        pictures.forEach((name, image) -> {
            Path file = dir.resolve(name + ".png");
            Pictures.save(image, file);
            files.add(file);
        });
        return files;
    }

    /** Collects plain values; {@link #build()} renders the pictures and the page. */
    public static final class Builder {
        private final String title;
        private String subtitle;
        private String modelSummary;
        private final Map<String, String> options = new LinkedHashMap<>();
        private int[] labelCounts;
        private String labelCountsName;
        private Dataset samples;
        private int[] sampleIndices;
        private List<EpochStats> history;
        private Evaluation evaluation;
        private String evaluationName;
        private Dataset errorImages;
        private List<MostConfused.Mistake> mistakes;
        private List<BufferedImage> errorExplanations = List.of();
        private String probabilitiesCaption;
        private float[] probabilitiesPixels;
        private float[] probabilities;
        private int probabilitiesLabel;
        private final List<Extra> extras = new ArrayList<>();
        /** Filled while {@link #build()} runs: the pictures of the page being rendered, by file name. */
        private Map<String, BufferedImage> rendered;

        private Builder(String title) {
            this.title = Objects.requireNonNull(title);
        }

        /** A line under the title, e.g. the date and the command that made the report. */
        public Builder subtitle(String text) { this.subtitle = text; return this; }

        /** Preformatted text, e.g. the layer table of the network. */
        public Builder modelSummary(String text) { this.modelSummary = text; return this; }

        /** Training options in the order given (use a LinkedHashMap or TreeMap); values are shown with toString. */
        public Builder options(Map<String, ?> values) {
            values.forEach((k, v) -> options.put(k, String.valueOf(v)));
            return this;
        }

        /** Bar and pie charts of the label counts of a data set. */
        public Builder labelDistribution(String dataName, int[] counts) {
            this.labelCountsName = Objects.requireNonNull(dataName);
            this.labelCounts = counts.clone();
            return this;
        }

        /** A grid of sample images from a data set. */
        public Builder samples(Dataset data, int[] indices) {
            this.samples = data;
            this.sampleIndices = indices.clone();
            return this;
        }

        public Builder history(List<EpochStats> epochs) { this.history = List.copyOf(epochs); return this; }

        /** Test metrics, confusion heatmap and per-class table; {@code dataName} says what was evaluated. */
        public Builder evaluation(String dataName, Evaluation result) {
            this.evaluationName = Objects.requireNonNull(dataName);
            this.evaluation = Objects.requireNonNull(result);
            return this;
        }

        /** The gallery of most confidently wrong images; indices in {@code mistakes} refer to {@code images}. */
        public Builder errors(Dataset images, List<MostConfused.Mistake> wrong) {
            this.errorImages = images;
            this.mistakes = List.copyOf(wrong);
            return this;
        }

        /** Saliency pictures ({@link SaliencyPicture}) of the first mistakes, shown under the gallery. */
        public Builder errorExplanations(List<BufferedImage> pictures) {
            this.errorExplanations = List.copyOf(pictures);
            return this;
        }

        /**
         * One image next to the bar chart of its ten probabilities.
         *
         * @param caption   what the image is, e.g. "test image #1234, the most confident mistake"
         * @param trueLabel its label, or -1 when unknown
         */
        public Builder probabilities(String caption, float[] pixels, float[] classProbabilities, int trueLabel) {
            this.probabilitiesCaption = Objects.requireNonNull(caption);
            this.probabilitiesPixels = pixels.clone();
            this.probabilities = classProbabilities.clone();
            this.probabilitiesLabel = trueLabel;
            return this;
        }

        /** Any other picture, shown after the standard sections under its own heading; saved as {@code slug(heading).png}. */
        public Builder picture(String heading, BufferedImage image) {
            extras.add(new Extra(Objects.requireNonNull(heading), Objects.requireNonNull(image), null, null));
            return this;
        }

        /** A table of numbers (the first column is a name), shown after the standard sections; cells are escaped. */
        public Builder table(String heading, List<String> columns, List<List<String>> rows) {
            for (List<String> row : rows) {
                if (row.size() != columns.size()) {
                    throw new IllegalArgumentException("table '" + heading + "': a row has " + row.size() + " cells, expected " + columns.size());
                }
            }
            extras.add(new Extra(Objects.requireNonNull(heading), null, List.copyOf(columns), rows.stream().map(List::copyOf).toList()));
            return this;
        }

        public HtmlReport build() {
            rendered = new LinkedHashMap<>();
            Page page = new Page(title, subtitle);
            if (modelSummary != null) page.section("Model", "<pre>" + escape(modelSummary) + "</pre>");
            if (!options.isEmpty()) page.section("Training options", optionsTable());
            if (labelCounts != null || samples != null) page.section("Data", dataSection());
            if (history != null && !history.isEmpty()) page.section("Training history", historySection());
            if (evaluation != null) {
                page.section("Test metrics", metricsSection());
                page.section("Confusion matrix", img("confusion", ConfusionHeatmap.render(evaluation.confusion(),
                        "Confusion matrix, " + evaluationName), "confusion matrix heatmap"));
                rendered.put("per-class", ReportTable.render(evaluation.report(), "Per-class scores, " + evaluationName));
                page.section("Per-class scores", perClassTable(evaluation.report()));
            }
            if (mistakes != null) page.section("Most confident mistakes", errorSection());
            if (probabilities != null) {
                page.section("Probabilities of one image", "<p class=\"muted\">" + escape(probabilitiesCaption) + "</p>\n"
                        + img("probabilities", ProbabilityChart.render(probabilitiesPixels, probabilities, probabilitiesLabel),
                        "the ten probabilities of " + probabilitiesCaption));
            }
            for (Extra extra : extras) {
                page.section(extra.heading(), extra.image() != null
                        ? img(slug(extra.heading()), extra.image(), extra.heading())
                        : tableHtml(extra.columns(), extra.rows()));
            }
            HtmlReport report = new HtmlReport(page.finish(), rendered);
            rendered = null;
            return report;
        }

        /** Embeds a picture and remembers it under {@code name}, the file name {@link #savePictures} gives it. */
        private String img(String name, BufferedImage image, String alt) {
            String unique = name;
            for (int n = 2; rendered.containsKey(unique); n++) unique = name + "-" + n;
            rendered.put(unique, image);
            return HtmlReport.img(image, alt);
        }

        private String optionsTable() {
            StringBuilder sb = new StringBuilder("<table class=\"kv\">\n");
            options.forEach((k, v) -> sb.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v)).append("</td></tr>\n"));
            return sb.append("</table>").toString();
        }

        private String dataSection() {
            StringBuilder sb = new StringBuilder("<div class=\"row\">");
            if (labelCounts != null) {
                sb.append(img("label-distribution-bar", LabelCharts.bars(labelCounts, "Labels, " + labelCountsName),
                        "label distribution bar chart"));
                sb.append(img("label-distribution-pie", LabelCharts.pie(labelCounts, "Labels, " + labelCountsName),
                        "label distribution pie chart"));
            }
            sb.append("</div>");
            if (samples != null) {
                sb.append(img("samples", DigitGrid.samples(samples, sampleIndices, 10, "Samples from " + samples.name()), "sample images"));
            }
            return sb.toString();
        }

        private String historySection() {
            StringBuilder sb = new StringBuilder("<div class=\"row\">");
            sb.append(img("curves-loss", TrainingCharts.loss(history), "loss per epoch"));
            sb.append(img("curves-accuracy", TrainingCharts.accuracy(history), "accuracy per epoch"));
            sb.append("</div>\n");
            if (history.stream().anyMatch(e -> Double.isFinite(e.learningRate()))) {
                sb.append(img("learning-rate", TrainingCharts.learningRate(history), "learning rate per epoch"));
            }
            sb.append("\n<table class=\"num\">\n<tr><th>epoch</th><th>loss</th><th>accuracy</th><th>val loss</th>"
                    + "<th>val accuracy</th><th>learning rate</th><th>seconds</th></tr>\n");
            for (EpochStats e : history) {
                sb.append("<tr><td>").append(e.epoch()).append("</td>")
                        .append(td(e.loss(), 4)).append(td(e.accuracy(), 4))
                        .append(td(e.valLoss(), 4)).append(td(e.valAccuracy(), 4))
                        .append("<td>").append(Double.isFinite(e.learningRate())
                                ? String.format(Locale.ROOT, "%.3g", e.learningRate()) : "&mdash;").append("</td>")
                        .append(td(e.seconds(), 1)).append("</tr>\n");
            }
            return sb.append("</table>").toString();
        }

        private String metricsSection() {
            Evaluation e = evaluation;
            return "<p class=\"muted\">" + escape(evaluationName) + "</p>\n<div class=\"cards\">"
                    + card("accuracy", String.format(Locale.ROOT, "%.2f%%", 100 * e.accuracy()))
                    + card("error rate", String.format(Locale.ROOT, "%.2f%%", 100 * (1 - e.accuracy())))
                    + card("loss", Decimals.fixed(e.loss(), 4))
                    + card("images", String.format(Locale.ROOT, "%,d", e.size()))
                    + card("misclassified", String.format(Locale.ROOT, "%,d", e.size() - e.confusion().correct()))
                    + "</div>\n<details><summary>as text</summary><pre>" + escape(e.format()) + "</pre></details>";
        }

        private String errorSection() {
            if (mistakes.isEmpty()) return "<p>No misclassified images.</p>";
            String gallery = img("errors", DigitGrid.mistakes(errorImages, mistakes, 8, "Most confident mistakes"), "most confident mistakes");
            if (errorExplanations.isEmpty()) return gallery;
            return gallery + "\n<p>Why, for the first " + errorExplanations.size() + ": red where the ink pushed the model "
                    + "towards its (wrong) answer, blue towards the runner-up (occlusion of 4x4 patches).</p>\n"
                    + img("errors-explained", Pictures.sideBySide(errorExplanations, 6), "saliency of the most confident mistakes");
        }
    }

    /** A picture or a table added after the standard sections. */
    private record Extra(String heading, BufferedImage image, List<String> columns, List<List<String>> rows) {}

    private static String tableHtml(List<String> columns, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder("<table class=\"num\">\n<tr>");
        for (String c : columns) sb.append("<th>").append(escape(c)).append("</th>");
        sb.append("</tr>\n");
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (int i = 0; i < row.size(); i++) sb.append(i == 0 ? "<td class=\"name\">" : "<td>").append(escape(row.get(i))).append("</td>");
            sb.append("</tr>\n");
        }
        return sb.append("</table>").toString();
    }

    /** A file name from a heading: "Test accuracy per configuration" becomes test-accuracy-per-configuration. */
    static String slug(String heading) {
        String s = heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.isEmpty() ? "picture" : s;
    }

    /** Precision, recall, F1 and support per digit, plus accuracy and the averages, as an HTML table. */
    static String perClassTable(ClassificationReport report) {
        StringBuilder sb = new StringBuilder("<table class=\"num\">\n<tr><th>digit</th><th>precision</th><th>recall</th>"
                + "<th>F1-score</th><th>support</th></tr>\n");
        for (int k = 0; k < report.perClass().size(); k++) sb.append(metricsRow(String.valueOf(k), report.forClass(k)));
        sb.append("<tr class=\"sep\"><th>accuracy</th><td></td><td></td>").append(td(report.accuracy(), 4))
                .append("<td>").append(report.macroAverage().support()).append("</td></tr>\n");
        sb.append(metricsRow("macro avg", report.macroAverage()));
        sb.append(metricsRow("weighted avg", report.weightedAverage()));
        return sb.append("</table>").toString();
    }

    private static String metricsRow(String heading, ClassificationReport.Metrics m) {
        return "<tr><th>" + heading + "</th>" + td(m.precision(), 4) + td(m.recall(), 4) + td(m.f1(), 4)
                + "<td>" + m.support() + "</td></tr>\n";
    }

    private static String td(double value, int digits) {
        return "<td>" + (Double.isFinite(value) ? Decimals.fixed(value, digits) : "&mdash;") + "</td>";
    }

    private static String card(String label, String value) {
        return "<div class=\"card\"><div class=\"value\">" + escape(value) + "</div><div class=\"label\">" + escape(label) + "</div></div>";
    }

    private static String img(BufferedImage image, String alt) {
        return "<img src=\"" + Pictures.dataUri(image) + "\" width=\"" + image.getWidth() + "\" height=\"" + image.getHeight()
                + "\" alt=\"" + escape(alt) + "\">";
    }

    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The page skeleton: head with inline CSS, a table of contents, numbered sections. */
    private static final class Page {
        private static final String CSS = """
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0 auto;
                max-width:1540px;padding:24px 32px;color:#222;background:#fff;line-height:1.45}
                h1{margin:0 0 4px;font-size:28px}h2{margin-top:40px;border-bottom:2px solid #e3e6ea;padding-bottom:6px}
                .muted{color:#666}nav ol{columns:2;max-width:640px}nav a{color:#1f77b4;text-decoration:none}
                pre{background:#f6f8fa;border:1px solid #e3e6ea;border-radius:6px;padding:12px;overflow-x:auto;font-size:13px}
                table{border-collapse:collapse;margin:12px 0}th,td{padding:5px 14px;border-bottom:1px solid #e3e6ea}
                table.num td{text-align:right;font-variant-numeric:tabular-nums}table.num th{text-align:right}
                table.num td.name{text-align:left;font-family:ui-monospace,"DejaVu Sans Mono",monospace}
                table.kv th{text-align:left;font-weight:600}tr.sep th,tr.sep td{border-top:2px solid #999}
                .row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}img{max-width:100%;height:auto}
                .cards{display:flex;gap:16px;flex-wrap:wrap}.card{border:1px solid #e3e6ea;border-radius:8px;padding:12px 20px;min-width:120px}
                .card .value{font-size:26px;font-weight:600}.card .label{color:#666}
                """;
        private final StringBuilder header = new StringBuilder();
        private final StringBuilder body = new StringBuilder();
        private final StringBuilder toc = new StringBuilder();
        private final String title;
        private int sections;

        Page(String title, String subtitle) {
            this.title = title;
            header.append("<h1>").append(escape(title)).append("</h1>\n");
            if (subtitle != null) header.append("<p class=\"muted\">").append(escape(subtitle)).append("</p>\n");
        }

        void section(String heading, String content) {
            String id = "s" + (++sections);
            toc.append("<li><a href=\"#").append(id).append("\">").append(escape(heading)).append("</a></li>");
            body.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(heading)).append("</h2>\n")
                    .append(content).append("\n</section>\n");
        }

        String finish() {
            return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    + "<title>" + escape(title) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n"
                    + header
                    + (sections > 1 ? "<nav><ol>" + toc + "</ol></nav>\n" : "")
                    + body
                    + "</body>\n</html>\n";
        }
    }
}
