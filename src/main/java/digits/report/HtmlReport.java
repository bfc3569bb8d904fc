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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One self-contained HTML page about a model: every picture is embedded as a base64 data URI and the CSS is
 * inline, so the file can be mailed, attached to a CI run or opened offline. Sections appear in a fixed order
 * (model, options, data, history, test metrics, confusion matrix, per-class scores, errors) and only when
 * their values were given.
 */
public final class HtmlReport {
    static {
        Style.headless();
    }

    private final String html;

    private HtmlReport(String html) {
        this.html = html;
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    public String html() { return html; }

    /** Writes the page atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, html);
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
        private final List<Map.Entry<String, BufferedImage>> extraPictures = new ArrayList<>();

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

        /** Any other picture, shown at the end under its own heading. */
        public Builder picture(String heading, BufferedImage image) {
            extraPictures.add(Map.entry(heading, image));
            return this;
        }

        public HtmlReport build() {
            Page page = new Page(title, subtitle);
            if (modelSummary != null) page.section("Model", "<pre>" + escape(modelSummary) + "</pre>");
            if (!options.isEmpty()) page.section("Training options", optionsTable());
            if (labelCounts != null || samples != null) page.section("Data", dataSection());
            if (history != null && !history.isEmpty()) page.section("Training history", historySection());
            if (evaluation != null) {
                page.section("Test metrics", metricsSection());
                page.section("Confusion matrix", img(ConfusionHeatmap.render(evaluation.confusion(),
                        "Confusion matrix, " + evaluationName), "confusion matrix heatmap"));
                page.section("Per-class scores", perClassTable(evaluation.report()));
            }
            if (mistakes != null) page.section("Most confident mistakes", errorSection());
            for (Map.Entry<String, BufferedImage> extra : extraPictures) page.section(extra.getKey(), img(extra.getValue(), extra.getKey()));
            return new HtmlReport(page.finish());
        }

        private String optionsTable() {
            StringBuilder sb = new StringBuilder("<table class=\"kv\">\n");
            options.forEach((k, v) -> sb.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v)).append("</td></tr>\n"));
            return sb.append("</table>").toString();
        }

        private String dataSection() {
            StringBuilder sb = new StringBuilder("<div class=\"row\">");
            if (labelCounts != null) {
                sb.append(img(LabelCharts.bars(labelCounts, "Labels, " + labelCountsName), "label distribution bar chart"));
                sb.append(img(LabelCharts.pie(labelCounts, "Labels, " + labelCountsName), "label distribution pie chart"));
            }
            sb.append("</div>");
            if (samples != null) sb.append(img(DigitGrid.samples(samples, sampleIndices, 10, "Samples from " + samples.name()), "sample images"));
            return sb.toString();
        }

        private String historySection() {
            StringBuilder sb = new StringBuilder("<div class=\"row\">");
            sb.append(img(TrainingCharts.loss(history), "loss per epoch"));
            sb.append(img(TrainingCharts.accuracy(history), "accuracy per epoch"));
            sb.append("</div>\n");
            if (history.stream().anyMatch(e -> Double.isFinite(e.learningRate()))) {
                sb.append(img(TrainingCharts.learningRate(history), "learning rate per epoch"));
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
            return img(DigitGrid.mistakes(errorImages, mistakes, 8, "Most confident mistakes"), "most confident mistakes");
        }
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
