package digits.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * count, and anything but numbers are refused with a message saying which element is wrong. Other fields are ignored;
 * a field given twice or anything after the object is refused.
 *
 * <p>The body is read as a token stream, not a tree: every request of the JSON API passes here, and a tree would be 784
 * objects per request.
 */
final class PixelsJson {
    static final int PIXELS = 784;
    private static final String NOT_AN_ARRAY = "\"pixels\" must be an array of " + PIXELS + " numbers (28x28, row-major)";

    private PixelsJson() {}

    static float[] parse(byte[] body, ObjectMapper mapper) {
        float[] compact = CompactPixels.parse(body);
        return compact != null ? compact : parseAnyShape(body, mapper);
    }

    /** Any JSON the API accepts, as a token stream; the errors name the element that is wrong. */
    static float[] parseAnyShape(byte[] body, ObjectMapper mapper) {
        try (JsonParser json = mapper.createParser(body)) {
            return parse(json);
        } catch (JacksonException e) {
            throw new BadRequestResponse("request body is not valid JSON" + where(e.getLocation()) + ": "
                    + Messages.firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadRequestResponse("request body is not valid JSON: " + Messages.firstLine(e.getMessage()));
        }
    }

    private static float[] parse(JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new BadRequestResponse("expected a JSON object {\"pixels\": [784 numbers]}");
        }
        double[] values = null;
        Double scale = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (field.equals("pixels")) {
                values = pixels(json);
            } else if (field.equals("scale")) {
                scale = scale(json, value);
            } else {
                json.skipChildren();
            }
        }
        if (json.nextToken() != null) {
            throw new BadRequestResponse("request body is not valid JSON" + where(json.currentLocation())
                    + ": trailing content after the object");
        }
        if (values == null) {
            throw new BadRequestResponse(NOT_AN_ARRAY);
        }
        return scaled(values, scale);
    }

    /** The array's values, the parser on its start; checks the count and that each is a finite number. */
    private static double[] pixels(JsonParser json) throws IOException {
        if (json.currentToken() != JsonToken.START_ARRAY) {
            throw new BadRequestResponse(NOT_AN_ARRAY);
        }
        double[] values = new double[PIXELS];
        int count = 0;
        for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
            if (!t.isNumeric()) throw new BadRequestResponse("pixels[" + count + "] is not a number: " + found(json, t));
            double v = json.getDoubleValue();
            if (!Double.isFinite(v)) throw new BadRequestResponse("pixels[" + count + "] is not a finite number");
            if (count < PIXELS) values[count] = v;
            count++;
        }
        if (count != PIXELS) {
            throw new BadRequestResponse("\"pixels\" must hold " + PIXELS + " numbers (28x28), found " + count);
        }
        return values;
    }

    /** The declared scale, 1 or 255; null when absent or null. */
    private static Double scale(JsonParser json, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) return null;
        if (value.isNumeric() && (json.getDoubleValue() == 1 || json.getDoubleValue() == 255)) return json.getDoubleValue();
        throw new BadRequestResponse("\"scale\" must be 1 or 255, found " + found(json, value));
    }

    /** The current value for a message: a scalar as written (strings quoted), a nested array or object abridged. */
    private static String found(JsonParser json, JsonToken token) throws IOException {
        if (token == JsonToken.START_ARRAY) return "[...]";
        if (token == JsonToken.START_OBJECT) return "{...}";
        String text = Messages.abbreviate(json.getText());
        return token == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
    }

    private static float[] scaled(double[] values, Double given) {
        double max = 0;
        for (double v : values) max = Math.max(max, v);
        double scale = given == null ? (max > 1 ? 255 : 1) : given;
        float[] out = new float[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            if (values[i] < 0 || values[i] > scale) {
                throw new BadRequestResponse(String.format(Locale.ROOT,
                        "pixels[%d] = %s is out of range: values must be in [0, 1], or in [0, 255] with \"scale\": 255",
                        i, number(values[i])));
            }
            out[i] = (float) (values[i] / scale);
        }
        return out;
    }

    /** A value as the request wrote it, near enough: whole numbers without a fraction. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) return "";
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
