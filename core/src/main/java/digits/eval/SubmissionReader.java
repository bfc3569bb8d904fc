package digits.eval;

import digits.data.InvalidInputException;
import digits.data.LineLengthLimit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a Kaggle submission or solution file ({@code ImageId,Label}) strictly, so that a file Kaggle would
 * reject, or would score against the wrong images, fails here with the file and line instead.
 * Tolerated: a UTF-8 byte order mark, CRLF line ends, and blank lines at the very end.
 */
public final class SubmissionReader {
    private SubmissionReader() {}

    /** The labels in ImageId order: element {@code i} is the label of ImageId {@code i + 1}. */
    public static int[] read(Path file) {
        try (BufferedReader in = new BufferedReader(new LineLengthLimit(Files.newBufferedReader(file, StandardCharsets.UTF_8), file))) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static int[] parse(BufferedReader in, String name) throws IOException {
        String header = in.readLine();
        if (header == null) {
            throw new InvalidInputException(name + ": empty file, expected the header \"" + SubmissionWriter.SUBMISSION_HEADER + "\"");
        }
        if (header.startsWith("\uFEFF")) header = header.substring(1);
        if (!header.equals(SubmissionWriter.SUBMISSION_HEADER)) {
            throw new InvalidInputException(name + ":1: expected the header \"" + SubmissionWriter.SUBMISSION_HEADER
                    + "\", found \"" + abbreviate(header) + "\"");
        }
        int[] labels = new int[1024];
        int count = 0;
        int lineNo = 1;
        int firstBlank = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isEmpty()) {
                if (firstBlank == 0) firstBlank = lineNo;
                continue;
            }
            if (firstBlank != 0) throw new InvalidInputException(name + ":" + firstBlank + ": blank line before the last row");
            int comma = line.indexOf(',');
            int columns = (int) line.chars().filter(ch -> ch == ',').count() + 1;
            if (columns != 2) {
                throw new InvalidInputException(name + ":" + lineNo + ": expected 2 columns (ImageId,Label), found " + columns);
            }
            String id = line.substring(0, comma);
            String label = line.substring(comma + 1);
            long expectedId = count + 1L;
            if (!id.equals(Long.toString(expectedId))) {
                String found = isWholeNumber(id) ? id : "\"" + abbreviate(id) + "\"";
                throw new InvalidInputException(name + ":" + lineNo + ": expected ImageId " + expectedId + ", found " + found
                        + " (ImageIds must run 1, 2, 3, ... in order)");
            }
            if (label.length() != 1 || label.charAt(0) < '0' || label.charAt(0) > '9') {
                throw new InvalidInputException(name + ":" + lineNo + ": Label must be a digit 0-9, found \"" + abbreviate(label) + "\"");
            }
            if (count == labels.length) labels = Arrays.copyOf(labels, count * 2);
            labels[count++] = label.charAt(0) - '0';
        }
        if (count == 0) throw new InvalidInputException(name + ": no rows after the header");
        return Arrays.copyOf(labels, count);
    }

    private static boolean isWholeNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    /** Keeps messages one short line even when a binary or huge line was passed. */
    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= 40 ? flat : flat.substring(0, 37) + "...";
    }
}
