package digits.cli;

import digits.api.DigitRecognizer;
import digits.io.OutputException;
import digits.report.Pictures;
import digits.report.SaliencyPicture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code digits predict --explain DIR}: one saliency picture per image file, {@code NAME.explain.png}. */
final class ExplainFiles {
    static final String SUFFIX = ".explain.png";

    private ExplainFiles() {}

    /** Writes the pictures (each atomically) and returns their paths, in the order of {@code files}. */
    static List<Path> write(DigitRecognizer recognizer, List<Path> files, List<float[]> pixels, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException(dir, e);
        }
        List<Path> written = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            Path target = dir.resolve(uniqueName(files.get(i), names));
            Pictures.save(SaliencyPicture.draw(pixels.get(i), recognizer.explain(pixels.get(i))), target);
            written.add(target);
        }
        return written;
    }

    /** seven.png gives seven.explain.png; a second seven.png (from another folder) seven-2.explain.png. */
    static String uniqueName(Path file, Set<String> taken) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String candidate = stem + SUFFIX;
        for (int n = 2; !taken.add(candidate); n++) candidate = stem + "-" + n + SUFFIX;
        return candidate;
    }
}
