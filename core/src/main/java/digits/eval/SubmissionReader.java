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
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a Kaggle submission or solution file ({@code ImageId,Label}) strictly, so that a file Kaggle would
 * reject, or would score against the wrong images, fails here with the file and line instead. Rows may come in any
 * order, as Kaggle accepts them: each is matched by its ImageId, and every ImageId must appear exactly once.
 * Tolerated: a UTF-8 byte order mark, CRLF line ends, and blank lines at the very end.
 */
public final class SubmissionReader {
    private SubmissionReader() {}

    /**
     * The labels by ImageId: element {@code i} is the label of ImageId {@code i + 1}. A file of {@code n} rows must
     * hold ImageIds 1 to {@code n}, each once, in any order.
     */
    public static int[] read(Path file) {
        return read(file, -1, null);
    }

    /**
     * A submission to be scored against {@code solution}, whose ImageIds are 1 to {@code imageIds}: the labels by
     * ImageId, refusing a row whose ImageId is outside that range or repeated, and a file that lacks one.
     */
    public static int[] read(Path file, int imageIds, Path solution) {
        try (BufferedReader in = new BufferedReader(new LineLengthLimit(Files.newBufferedReader(file, StandardCharsets.UTF_8), file))) {
            return parse(in, file.toString(), imageIds, solution);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + ": not a text file (invalid UTF-8)");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @param imageIds the solution's number of ImageIds, or -1 when the file itself sets the range (its row count) */
    private static int[] parse(BufferedReader in, String name, int imageIds, Path solution) throws IOException {
        String header = in.readLine();
        if (header == null) {
            throw new InvalidInputException(name + ": empty file, expected the header \"" + SubmissionWriter.SUBMISSION_HEADER + "\"");
        }
        if (header.startsWith("\uFEFF")) header = header.substring(1);
        if (!header.equals(SubmissionWriter.SUBMISSION_HEADER)) {
            throw new InvalidInputException(name + ":1: expected the header \"" + SubmissionWriter.SUBMISSION_HEADER
                    + "\", found \"" + abbreviate(header) + "\"");
        }
        long[] ids = new long[1024];
        int[] labels = new int[1024];
        Map<Long, Integer> lineOf = new HashMap<>();
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
            String idText = line.substring(0, comma);
            String label = line.substring(comma + 1);
            if (!isWholeNumber(idText) || idText.length() > 1 && idText.charAt(0) == '0') {
                throw new InvalidInputException(name + ":" + lineNo + ": ImageId must be a whole number 1, 2, 3, ... "
                        + "(no sign, spaces or leading zeros), found \"" + abbreviate(idText) + "\"");
            }
            // More than 18 digits overflows a long and is out of any range anyway.
            long id = idText.length() > 18 ? Long.MAX_VALUE : Long.parseLong(idText);
            if (imageIds >= 0 && (id < 1 || id > imageIds)) {
                throw new InvalidInputException(name + ":" + lineNo + ": ImageId " + abbreviate(idText) + " is outside 1-"
                        + imageIds + ", the ImageIds of the solution " + solution);
            }
            Integer first = lineOf.putIfAbsent(id, lineNo);
            if (first != null) {
                throw new InvalidInputException(name + ":" + lineNo + ": ImageId " + id + " appears twice (also on line "
                        + first + ")");
            }
            if (label.length() != 1 || label.charAt(0) < '0' || label.charAt(0) > '9') {
                throw new InvalidInputException(name + ":" + lineNo + ": Label must be a digit 0-9, found \"" + abbreviate(label) + "\"");
            }
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, count * 2);
                ids = Arrays.copyOf(ids, count * 2);
            }
            ids[count] = id;
            labels[count++] = label.charAt(0) - '0';
        }
        if (count == 0) throw new InvalidInputException(name + ": no rows after the header");
        int range = imageIds >= 0 ? imageIds : count;
        int[] byId = new int[range];
        boolean[] present = new boolean[range];
        for (int row = 0; row < count; row++) {
            // Rows are on consecutive lines from line 2: a blank line between them is refused above.
            if (ids[row] < 1 || ids[row] > range) {
                throw new InvalidInputException(name + ":" + (row + 2) + ": ImageId " + ids[row] + " is outside 1-" + range
                        + " (the file has " + count + (count == 1 ? " row" : " rows") + ": its ImageIds must be 1 to " + count + ", each once, in any order)");
            }
            byId[(int) ids[row] - 1] = labels[row];
            present[(int) ids[row] - 1] = true;
        }
        if (count < range) {
            int missing = 0;
            while (present[missing]) missing++;
            throw new InvalidInputException(name + ": " + count + " rows, but the solution " + solution + " has " + range
                    + " (no row for ImageId " + (missing + 1) + ")");
        }
        return byId;
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
