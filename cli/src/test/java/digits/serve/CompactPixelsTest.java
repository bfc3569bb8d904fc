package digits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import digits.testing.Mnist;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;

class CompactPixelsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A digit's pixels as whole numbers 0..255, joined by {@code separator}. */
    private static String values(float[] pixels, String separator) {
        StringJoiner joined = new StringJoiner(separator);
        for (float p : pixels) joined.add(Integer.toString(Math.round(p * 255)));
        return joined.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsRealDigitsExactlyAsTheGeneralParserDoes() {
        Mnist.Digits digits = Mnist.test(50);
        for (int i = 0; i < digits.size(); i++) {
            float[] pixels = digits.image(i);
            for (String body : new String[]{
                    "{\"pixels\":[" + values(pixels, ",") + "],\"scale\":255}",
                    "{\"pixels\":[" + values(pixels, ",") + "]}",
                    " {\n \"pixels\" : [ " + values(pixels, " ,\t") + " ] ,\r\n \"scale\" : 255 } \n"}) {
                float[] compact = CompactPixels.parse(bytes(body));
                assertThat(compact).as("digit %d: %s", i, body.substring(0, 20)).isNotNull();
                assertThat(compact).containsExactly(PixelsJson.parseAnyShape(bytes(body), MAPPER));
            }
        }
    }

    @Test
    void leavesEverythingElseToTheGeneralParser() {
        String zeros = "0" + ",0".repeat(783);
        String[] others = {
                "{\"pixels\":[" + zeros + "],\"scale\":1}x",          // trailing text
                "{\"pixels\":[" + zeros + ",0]}",                     // 785 values
                "{\"pixels\":[" + zeros.substring(2) + "]}",          // 783 values
                "{\"pixels\":[0.5" + zeros.substring(1) + "]}",       // a fraction
                "{\"pixels\":[1e2" + zeros.substring(1) + "]}",       // an exponent
                "{\"pixels\":[007" + zeros.substring(1) + "]}",       // a leading zero
                "{\"pixels\":[256" + zeros.substring(1) + "]}",       // above 255
                "{\"pixels\":[-1" + zeros.substring(1) + "]}",        // a sign
                "{\"pixels\":[2" + zeros.substring(1) + "],\"scale\":1}", // above its scale
                "{\"pixels\":[" + zeros + "],\"scale\":7}",
                "{\"scale\":255,\"pixels\":[" + zeros + "]}",         // another order
                "{\"pixels\":[" + zeros + "],\"other\":1}",           // another field
                "{\"pixels\":[" + zeros + "],\"scale\":255,\"scale\":255}",
                "\uFEFF{\"pixels\":[" + zeros + "]}",
                "{\"pixels\":[" + zeros + "]",
                "",
        };
        for (String body : others) assertThat(CompactPixels.parse(bytes(body))).as(body.length() > 60 ? body.substring(0, 60) : body).isNull();
    }
}
