package digits.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.NumberReader;
import digits.api.NumberReading;
import digits.api.PairModels;
import digits.data.InvalidInputException;
import digits.io.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code digits read}: the handwritten number in each image file. */
@Command(name = "read", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read the handwritten number in image files.",
                "Splits the line into digits (touching or overlapping ones too) with the model's help and prints the number "
                        + "with its confidence; see docs/numbers.md.",
                "",
                "  digits read number.png scans/   PNG, JPEG, BMP or GIF, dark on light or",
                "                                  light on dark; a folder stands for its",
                "                                  image files (sorted by name)",
                ""})
public final class ReadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files or folders of image files, one number each.")
    List<Path> images = new ArrayList<>();

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--json", description = "Print a JSON array: per file the number, its confidence, and each digit's box, "
            + "label, confidence and ten probabilities.")
    boolean json;

    @Mixin
    PairModelOption pairModel;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        List<Path> files = ImageFilePredictions.expand(images);
        threads.apply();
        List<NumberReading> readings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (PairModels pairs = pairModel.load();
             DigitRecognizer recognizer = model.load()) {
            NumberReader reader = pairs == null ? new NumberReader(recognizer) : new NumberReader(recognizer, pairs);
            for (Path file : files) {
                try {
                    readings.add(reader.read(file));
                } catch (InvalidInputException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        if (!problems.isEmpty()) {
            // every bad file is named, and nothing is printed for the good ones: a script sees all or nothing
            for (String problem : problems) err.println("digits: error: " + Printable.escape(problem));
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(files, readings) : table(files, readings));
        out.flush();
        return ExitCodes.OK;
    }

    static String table(List<Path> files, List<NumberReading> readings) {
        int width = "file".length();
        for (Path f : files) width = Math.max(width, Printable.escape(f.toString()).length());
        int numberWidth = Math.max("number".length(), readings.stream().mapToInt(r -> r.number().length()).max().orElse(0));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %-" + numberWidth + "s  confidence%n",
                "file", "number"));
        for (int i = 0; i < files.size(); i++) {
            NumberReading r = readings.get(i);
            s.append(String.format(Locale.ROOT, "%-" + width + "s  %-" + numberWidth + "s  %10.4f%n",
                    Printable.escape(files.get(i).toString()), r.number(), r.confidence()));
        }
        return s.toString();
    }

    /** A JSON array with one compact object per line, as {@code predict --json} prints. */
    static String json(List<Path> files, List<NumberReading> readings) {
        ObjectMapper mapper = new ObjectMapper();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < files.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", files.get(i).toString());
            row.putAll(readings.get(i).toMap());
            try {
                s.append(i == 0 ? "" : ",").append(System.lineSeparator()).append("  ").append(mapper.writeValueAsString(row));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s.append(System.lineSeparator()).append("]").append(System.lineSeparator()).toString();
    }
}
