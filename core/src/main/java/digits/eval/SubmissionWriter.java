package digits.eval;

import digits.data.Dataset;
import digits.io.AtomicFiles;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes Kaggle "Digit Recognizer" files: {@code submission.csv} ({@code ImageId,Label}, ImageId counting from 1,
 * one row per test image in order, "\n" line ends) and a probabilities file for ensembling or inspection.
 */
public final class SubmissionWriter {
    public static final String SUBMISSION_HEADER = "ImageId,Label";

    private SubmissionWriter() {}

    public static void writeSubmission(Path file, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= Dataset.CLASSES) {
                throw new IllegalArgumentException("label " + labels[i] + " for ImageId " + (i + 1) + " is not a digit 0-9");
            }
        }
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
            w.write(SUBMISSION_HEADER);
            w.write('\n');
            for (int i = 0; i < labels.length; i++) {
                w.write(Integer.toString(i + 1));
                w.write(',');
                w.write((char) ('0' + labels[i]));
                w.write('\n');
            }
            w.flush();
        });
    }

    /**
     * {@code ImageId,p0,...,p9}, one row per image. Values are written with {@link Float#toString}, the shortest
     * text that reads back as the same float (so {@code 1.0E-5} appears in scientific notation; pandas and
     * Python's {@code float()} read it).
     */
    public static void writeProbabilities(Path file, float[] probabilities) {
        int n = Probabilities.count(probabilities);
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
            w.write("ImageId");
            for (int k = 0; k < Dataset.CLASSES; k++) w.write(",p" + k);
            w.write('\n');
            for (int i = 0; i < n; i++) {
                w.write(Integer.toString(i + 1));
                for (int k = 0; k < Dataset.CLASSES; k++) {
                    w.write(',');
                    w.write(Float.toString(Probabilities.get(probabilities, i, k)));
                }
                w.write('\n');
            }
            w.flush();
        });
    }
}
