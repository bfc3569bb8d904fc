package digits.report;

import digits.io.AtomicFiles;
import digits.train.Sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code digits sweep} leaves behind: {@code sweep.csv}, {@code sweep.html} and its two charts as PNG files. */
public final class SweepReport {
    public static final String CSV = "sweep.csv";
    public static final String HTML = "sweep.html";

    private SweepReport() {}

    /** The HTML page: the options every configuration shared, the results table and the two charts. */
    public static HtmlReport build(String title, Map<String, ?> options, List<Sweep.Row> rows) {
        return HtmlReport.builder(title)
                .subtitle(rows.size() + (rows.size() == 1 ? " configuration" : " configurations") + ", trained one after another")
                .options(options)
                .table("Results", SweepTable.columns(), rows.stream().map(SweepTable::cells).toList())
                .picture("Sweep accuracy", SweepCharts.accuracy(rows))
                .picture("Sweep time", SweepCharts.seconds(rows))
                .build();
    }

    /** Writes sweep.csv, sweep.html, sweep-accuracy.png and sweep-time.png into {@code dir}, atomically; returns them. */
    public static List<Path> write(Path dir, String title, Map<String, ?> options, List<Sweep.Row> rows) {
        List<Path> files = new ArrayList<>();
        Path csv = dir.resolve(CSV);
        AtomicFiles.writeString(csv, SweepTable.csv(rows));
        files.add(csv);
        HtmlReport report = build(title, options, rows);
        Path html = dir.resolve(HTML);
        report.write(html);
        files.add(html);
        files.addAll(report.savePictures(dir));
        return files;
    }
}
