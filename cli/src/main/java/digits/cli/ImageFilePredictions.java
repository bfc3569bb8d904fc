package digits.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitRecognizer;
import digits.api.ImagePreprocessor;
import digits.api.Prediction;
import digits.data.InvalidInputException;
import digits.io.AtomicFiles;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** {@code digits predict IMAGE...}: image files and folders in, a table or JSON of labels and probabilities out. */
final class ImageFilePredictions {
    /** What a folder contributes: the files whose extension says they are an image the preprocessor reads. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    private final PrintWriter out;
    private final PrintWriter err;

    ImageFilePredictions(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Reads every image before predicting anything: a bad file is reported (one line each, naming the file) and the
     * exit code is {@link ExitCodes#BAD_INPUT}, with no partial table. The model is loaded only then.
     */
    int run(Supplier<DigitRecognizer> model, List<Path> arguments, boolean json) {
        return run(model, arguments, json, new ImagePreprocessor(), null);
    }

    /** As {@link #run(Supplier, List, boolean)} with the given preprocessor, and saliency pictures into {@code explainDir} (or null). */
    int run(Supplier<DigitRecognizer> model, List<Path> arguments, boolean json, ImagePreprocessor preprocessor, Path explainDir) {
        if (explainDir != null) AtomicFiles.checkDirectory(explainDir);
        List<Path> files = expand(arguments);
        List<float[]> pixels = new ArrayList<>(files.size());
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                pixels.add(preprocessor.preprocess(file));
            } catch (InvalidInputException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            for (String problem : problems) err.println("digits: error: " + problem);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        List<Prediction> predictions;
        try (DigitRecognizer recognizer = model.get()) {
            predictions = recognizer.predictBatch(pixels);
            if (explainDir != null) ExplainFiles.write(recognizer, files, pixels, explainDir);
        }
        out.print(json ? json(files, predictions) : table(files, predictions));
        out.flush();
        return ExitCodes.OK;
    }

    /** Files as given; folders replaced by their image files, sorted by name (not recursive). */
    static List<Path> expand(List<Path> arguments) {
        List<Path> files = new ArrayList<>();
        for (Path arg : arguments) {
            if (Files.isDirectory(arg)) {
                List<Path> inside = imagesIn(arg);
                if (inside.isEmpty()) throw new InvalidInputException(arg + ": no PNG, JPEG, BMP or GIF files in this folder");
                files.addAll(inside);
            } else if (Files.exists(arg)) {
                files.add(arg);
            } else {
                throw new InvalidInputException(arg + ": no such file or folder");
            }
        }
        return files;
    }

    private static List<Path> imagesIn(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(f -> Files.isRegularFile(f) && EXTENSIONS.contains(extension(f)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String table(List<Path> files, List<Prediction> predictions) {
        int width = "file".length();
        for (Path f : files) width = Math.max(width, f.toString().length());
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  label  confidence", "file"));
        for (int d = 0; d < 10; d++) s.append(String.format(Locale.ROOT, "  %6s", "p" + d));
        s.append(System.lineSeparator());
        for (int i = 0; i < files.size(); i++) {
            Prediction p = predictions.get(i);
            s.append(String.format(Locale.ROOT, "%-" + width + "s  %5d  %10.4f", files.get(i), p.label(), p.confidence()));
            for (float v : p.probabilities()) s.append(String.format(Locale.ROOT, "  %6.4f", v));
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    /** A JSON array with one compact object per line: readable in a terminal, and valid for jq and scripts. */
    static String json(List<Path> files, List<Prediction> predictions) {
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < files.size(); i++) {
            Prediction p = predictions.get(i);
            ObjectNode row = mapper.createObjectNode();
            row.put("file", files.get(i).toString());
            row.put("label", p.label());
            row.put("confidence", p.confidence());
            ArrayNode probabilities = row.putArray("probabilities");
            for (float v : p.probabilities()) probabilities.add(v);
            try {
                s.append(i == 0 ? "" : ",").append(System.lineSeparator()).append("  ").append(mapper.writeValueAsString(row));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s.append(System.lineSeparator()).append("]").append(System.lineSeparator()).toString();
    }
}
