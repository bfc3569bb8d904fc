package digits.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;

import java.io.IOException;
import java.util.Locale;

/**
 * Parses the JSON form of a prediction request: {@code {"pixels": [784 numbers], "scale": 255}}.
 *
 * <p>Pixels are an MNIST-style image as it is: row-major 28x28, light ink on a dark background; they are not cropped or
 * centred (send an image for that). Values are in [0,1], or in [0,255] with {@code "scale": 255}. Without
 * {@code "scale"} the range is detected: any value above 1 means [0,255]. (An image in [0,255] whose values are
 * all 0 or 1 would be read as [0,1]; send {@code "scale"} to be explicit.) NaN, infinities, values out of range, a wrong
 * count, and anything but numbers are refused with a message saying which element is wrong.
 */
final class PixelsJson {
    static final int PIXELS = 784;

    private PixelsJson() {}

    static float[] parse(byte[] body, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new BadRequestResponse("request body is not valid JSON" + where(e.getLocation()) + ": "
                    + Messages.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadRequestResponse("request body is not valid JSON: " + Messages.firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new BadRequestResponse("expected a JSON object {\"pixels\": [784 numbers]}");
        }
        JsonNode pixels = root.get("pixels");
        if (pixels == null || !pixels.isArray()) {
            throw new BadRequestResponse("\"pixels\" must be an array of " + PIXELS + " numbers (28x28, row-major)");
        }
        if (pixels.size() != PIXELS) {
            throw new BadRequestResponse("\"pixels\" must hold " + PIXELS + " numbers (28x28), found " + pixels.size());
        }
        double[] values = new double[PIXELS];
        double max = 0;
        for (int i = 0; i < PIXELS; i++) {
            JsonNode v = pixels.get(i);
            if (!v.isNumber()) throw new BadRequestResponse("pixels[" + i + "] is not a number: " + Messages.abbreviate(v.toString()));
            values[i] = v.doubleValue();
            if (!Double.isFinite(values[i])) throw new BadRequestResponse("pixels[" + i + "] is not a finite number");
            max = Math.max(max, values[i]);
        }
        double scale = scale(root.get("scale"), max);
        float[] out = new float[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            if (values[i] < 0 || values[i] > scale) {
                throw new BadRequestResponse(String.format(Locale.ROOT,
                        "pixels[%d] = %s is out of range: values must be in [0, 1], or in [0, 255] with \"scale\": 255",
                        i, pixels.get(i).asText()));
            }
            out[i] = (float) (values[i] / scale);
        }
        return out;
    }

    private static double scale(JsonNode given, double max) {
        if (given == null || given.isNull()) return max > 1 ? 255 : 1;
        if (given.isNumber() && (given.doubleValue() == 1 || given.doubleValue() == 255)) return given.doubleValue();
        throw new BadRequestResponse("\"scale\" must be 1 or 255, found " + Messages.abbreviate(given.toString()));
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) return "";
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
