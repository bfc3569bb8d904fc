package digits.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link NumberReader} read in a picture of a handwritten number: the digits left to right, each with where it
 * is and the classifier's answer, and a confidence for the whole number.
 *
 * @param confidence the product of the digits' confidences: the model's probability that every digit is right, given
 *                   the split into digits
 */
public record NumberReading(List<Digit> digits, float confidence) {
    public NumberReading {
        digits = List.copyOf(digits);
    }

    /** The number as a string of digits, e.g. {@code "0427"} (leading zeros kept). */
    public String number() {
        StringBuilder s = new StringBuilder(digits.size());
        for (Digit d : digits) s.append(d.prediction().label());
        return s.toString();
    }

    /**
     * The reading as plain maps and lists, for JSON (the CLI's {@code read --json} and the server's {@code /api/read}
     * give this shape): {@code number}, {@code confidence}, and per digit {@code label}, {@code confidence},
     * {@code box} ({@code x, y, width, height}) and the ten {@code probabilities}.
     */
    public Map<String, Object> toMap() {
        List<Object> list = new ArrayList<>();
        for (Digit d : digits) {
            Map<String, Object> digit = new LinkedHashMap<>();
            digit.put("label", d.label());
            digit.put("confidence", d.prediction().confidence());
            Box b = d.box();
            Map<String, Integer> box = new LinkedHashMap<>();
            box.put("x", b.x());
            box.put("y", b.y());
            box.put("width", b.width());
            box.put("height", b.height());
            digit.put("box", box);
            List<Float> probabilities = new ArrayList<>();
            for (float p : d.prediction().probabilities()) probabilities.add(p);
            digit.put("probabilities", probabilities);
            list.add(digit);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("number", number());
        map.put("confidence", confidence);
        map.put("digits", list);
        return map;
    }

    /** One digit: the classifier's prediction and its box in the picture's pixels. */
    public record Digit(Prediction prediction, Box box) {
        public int label() {
            return prediction.label();
        }
    }

    /** A rectangle in the picture's pixels: left, top, width, height. */
    public record Box(int x, int y, int width, int height) {}
}
