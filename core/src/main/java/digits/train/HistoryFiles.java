package digits.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digits.data.InvalidInputException;
import digits.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The training history beside a saved model, as {@code history.csv} (for spreadsheets) and {@code history.json}. */
public final class HistoryFiles {
    public static final String CSV = "history.csv";
    public static final String JSON = "history.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HistoryFiles() {}

    public static void write(Path dir, List<EpochStats> history) {
        StringBuilder csv = new StringBuilder("epoch,loss,accuracy,val_loss,val_accuracy,lr,seconds\n");
        for (EpochStats s : history) {
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%.3f%n", s.epoch(), num(s.loss()), num(s.accuracy()),
                    num(s.valLoss()), num(s.valAccuracy()), num(s.learningRate()), s.seconds()));
        }
        AtomicFiles.writeString(dir.resolve(CSV), csv.toString());
        try {
            AtomicFiles.writeString(dir.resolve(JSON), MAPPER.writeValueAsString(history.stream().map(HistoryFiles::row).toList()) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads {@code history.json} back (for reports); an empty list when the model has none. */
    public static List<EpochStats> read(Path dir) {
        Path file = dir.resolve(JSON);
        if (!Files.isRegularFile(file)) return List.of();
        try {
            List<Row> rows = MAPPER.readValue(file.toFile(), new TypeReference<List<Row>>() {});
            return rows.stream().map(HistoryFiles::stats).toList();
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a valid training history (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** JSON row with Keras' key names; NaN (no validation set) is written as null. */
    @SuppressWarnings("checkstyle:MemberName")
    public static final class Row {
        public int epoch;
        public Double loss;
        public Double accuracy;
        public Double val_loss;
        public Double val_accuracy;
        public Double lr;
        public Double seconds;
    }

    static EpochStats stats(Row r) {
        return new EpochStats(r.epoch, nan(r.loss), nan(r.accuracy), nan(r.val_loss), nan(r.val_accuracy), nan(r.lr),
                nan(r.seconds));
    }

    static Row row(EpochStats s) {
        Row r = new Row();
        r.epoch = s.epoch();
        r.loss = orNull(s.loss());
        r.accuracy = orNull(s.accuracy());
        r.val_loss = orNull(s.valLoss());
        r.val_accuracy = orNull(s.valAccuracy());
        r.lr = orNull(s.learningRate());
        r.seconds = Math.round(s.seconds() * 1000) / 1000.0;
        return r;
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
