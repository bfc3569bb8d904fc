package digits.serve;

/**
 * The common shape of a JSON prediction request read without a general parser: {@code {"pixels":[784 whole numbers
 * 0..255],"scale":255}} (the {@code "scale"} field optional, JSON whitespace anywhere between tokens), which is what
 * clients that send many digits send. Profiling {@code digits bench-serve} showed token-by-token JSON parsing as the
 * largest Java cost per request.
 *
 * <p>It accepts only text that is valid JSON with exactly this meaning, and answers null for anything else (another
 * field or order, a fraction, an exponent, a leading zero, a value above 255, a wrong count, any error), which then
 * goes through {@link PixelsJson} and its messages. So it changes how fast a request is read, never what is accepted.
 */
final class CompactPixels {
    private final byte[] body;
    private int at;

    private CompactPixels(byte[] body) {
        this.body = body;
    }

    /** The pixels in [0,1], or null when the body is not in the compact shape. */
    static float[] parse(byte[] body) {
        return new CompactPixels(body).read();
    }

    private float[] read() {
        if (!expect('{') || !expectText("\"pixels\"") || !expect(':') || !expect('[')) return null;
        int[] values = new int[PixelsJson.PIXELS];
        int max = 0;
        for (int i = 0; i < PixelsJson.PIXELS; i++) {
            if (i > 0 && !expect(',')) return null;
            int v = wholeNumber();
            if (v < 0) return null;
            values[i] = v;
            max = Math.max(max, v);
        }
        if (!expect(']')) return null;
        int scale;
        if (expect(',')) {
            if (!expectText("\"scale\"") || !expect(':')) return null;
            scale = wholeNumber();
            if (scale != 255 && scale != 1) return null;
        } else {
            scale = max > 1 ? 255 : 1;
        }
        if (!expect('}')) return null;
        skipWhitespace();
        if (at != body.length || max > scale) return null;
        float[] pixels = new float[PixelsJson.PIXELS];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) (values[i] / (double) scale);
        return pixels;
    }

    /** 0..255 written as JSON writes it (no sign, no leading zero, no fraction or exponent); -1 otherwise. */
    private int wholeNumber() {
        skipWhitespace();
        int start = at;
        int value = 0;
        while (at < body.length && body[at] >= '0' && body[at] <= '9' && at - start < 4) value = value * 10 + (body[at++] - '0');
        int digits = at - start;
        if (digits == 0 || digits > 3 || (digits > 1 && body[start] == '0') || value > 255) return -1;
        if (at < body.length && (body[at] == '.' || body[at] == 'e' || body[at] == 'E')) return -1;
        return value;
    }

    private boolean expect(char c) {
        skipWhitespace();
        if (at < body.length && body[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private boolean expectText(String text) {
        skipWhitespace();
        if (at + text.length() > body.length) return false;
        for (int i = 0; i < text.length(); i++) if (body[at + i] != text.charAt(i)) return false;
        at += text.length();
        return true;
    }

    private void skipWhitespace() {
        while (at < body.length && (body[at] == ' ' || body[at] == '\n' || body[at] == '\r' || body[at] == '\t')) at++;
    }
}
