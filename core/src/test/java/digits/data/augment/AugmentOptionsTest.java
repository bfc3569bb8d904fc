package digits.data.augment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AugmentOptionsTest {

    @Test
    void defaultsAreTheUsualMnistRanges() {
        assertThat(AugmentOptions.DEFAULTS).isEqualTo(new AugmentOptions(10, 0.1, 0.1, 0.1));
        assertThat(AugmentOptions.parse("default")).isEqualTo(AugmentOptions.DEFAULTS);
        assertThat(AugmentOptions.parse(" Default ")).isEqualTo(AugmentOptions.DEFAULTS);
        assertThat(AugmentOptions.parse("none")).isEqualTo(AugmentOptions.NONE);
        assertThat(AugmentOptions.NONE.isIdentity()).isTrue();
        assertThat(AugmentOptions.DEFAULTS.isIdentity()).isFalse();
    }

    @Test
    void itemsOverrideTheDefaultsLeftToRight() {
        assertThat(AugmentOptions.parse("rotation=10,zoom=0.1,shift=0.1")).isEqualTo(AugmentOptions.DEFAULTS);
        assertThat(AugmentOptions.parse("rotation=15")).isEqualTo(new AugmentOptions(15, 0.1, 0.1, 0.1));
        assertThat(AugmentOptions.parse("none,rotation=15")).isEqualTo(new AugmentOptions(15, 0, 0, 0));
        assertThat(AugmentOptions.parse("zoom=0.2, shift=0.05")).isEqualTo(new AugmentOptions(10, 0.2, 0.05, 0.05));
        assertThat(AugmentOptions.parse("shift=0.1,height_shift=0")).isEqualTo(new AugmentOptions(10, 0.1, 0.1, 0));
        assertThat(AugmentOptions.parse("none,width-shift=0.2")).isEqualTo(new AugmentOptions(0, 0, 0.2, 0));
        assertThat(AugmentOptions.parse("rotation=5,default")).isEqualTo(AugmentOptions.DEFAULTS);
        assertThat(AugmentOptions.parse("default,elastic=1.5")).isEqualTo(new AugmentOptions(10, 0.1, 0.1, 0.1, 1.5));
        assertThat(AugmentOptions.parse("default,low-res=0.3")).isEqualTo(new AugmentOptions(10, 0.1, 0.1, 0.1, 0, 0, 0, 0.3, 0));
        assertThat(AugmentOptions.parse("default,low-res=0.3").spec()).isEqualTo("rotation=10,zoom=0.1,shift=0.1,low-res=0.3");
        assertThat(AugmentOptions.parse("none,low-res=1").isIdentity()).isFalse();
        assertThatThrownBy(() -> AugmentOptions.parse("low-res=1.5"))
                .hasMessage("augmentation 'low-res=1.5': low-res must be in [0, 1], got 1.5");
        assertThat(AugmentOptions.parse("none,elastic=2").isIdentity()).isFalse();
    }

    @Test
    void specRoundTrips() {
        for (String spec : new String[] {"none", "rotation=10,zoom=0.1,shift=0.1", "rotation=12.5,zoom=0,shift=0.05",
                "rotation=0,zoom=0.2,width-shift=0.1,height-shift=0", "rotation=10,zoom=0.1,shift=0.1,elastic=1.5"}) {
            assertThat(AugmentOptions.parse(spec).spec()).isEqualTo(spec);
            assertThat(AugmentOptions.parse(spec).toString()).isEqualTo(spec);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "rotation=abc|augmentation 'rotation=abc': rotation must be a number, got 'abc'",
            "zoom=1.5|augmentation 'zoom=1.5': zoom must be in [0, 1), got 1.5",
            "shift=-0.1|augmentation 'shift=-0.1': shift must be in [0, 1), got -0.1",
            "rotation=200|augmentation 'rotation=200': rotation must be in [0, 180], got 200",
            "rotation=NaN|augmentation 'rotation=NaN': rotation must be in [0, 180], got NaN",
            "elastic=9|augmentation 'elastic=9': elastic must be in [0, 8], got 9",
            "rot=10|augmentation 'rot=10': unknown key 'rot'; valid: rotation, zoom, shift, width-shift, height-shift, elastic, bold, thin, low-res, shear (or none, default)",
            "flip|augmentation 'flip': item 'flip' is not KEY=VALUE; keys: rotation, zoom, shift, width-shift, height-shift, elastic, bold, thin, low-res, shear (or none, default)",
            "rotation=10,,zoom=0.1|augmentation 'rotation=10,,zoom=0.1': empty item is not KEY=VALUE; keys: rotation, zoom, shift, width-shift, height-shift, elastic, bold, thin, low-res, shear (or none, default)",
    })
    void badSpecsFailWithOneLine(String spec, String message) {
        assertThatThrownBy(() -> AugmentOptions.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void emptySpecIsRejected() {
        assertThatThrownBy(() -> AugmentOptions.parse(" "))
                .hasMessageStartingWith("augmentation '': empty; use default, none or KEY=VALUE items");
        assertThatThrownBy(() -> new AugmentOptions(10, 1.0, 0, 0)).hasMessage("zoom must be in [0, 1), got 1");
    }

    /** The help is made from the parser's key table: every key is named, with a default the parser really uses. */
    @Test
    void helpNamesEveryKeyTheParserAcceptsWithItsDefault() {
        assertThat(AugmentOptions.keys()).containsExactly("rotation", "zoom", "shift", "width-shift", "height-shift", "elastic", "bold", "thin", "low-res", "shear");
        assertThat(AugmentOptions.HELP).contains("(" + AugmentOptions.DEFAULTS.spec() + ")");
        assertThat(AugmentOptions.SUMMARY).doesNotContain("\n").startsWith("none, default (rotation=10,zoom=0.1,shift=0.1) ");
        for (String key : AugmentOptions.keys()) {
            assertThat(AugmentOptions.parse("none," + key + "=0.05").isIdentity()).as(key).isFalse();
            assertThat(AugmentOptions.SUMMARY).contains(" " + key + "=");
            // the key's entry, continuation lines included, ends with "(RANGE; default VALUE)"
            Matcher entry = Pattern.compile("(?m)^  " + Pattern.quote(key) + "=[A-Z]+ [^\\n]*(\\n {20,}[^\\n]*)*")
                    .matcher(AugmentOptions.HELP);
            assertThat(entry.find()).as("HELP names " + key + ":%n%s", AugmentOptions.HELP).isTrue();
            Matcher fallback = Pattern.compile(";\\s+default ([0-9.]+)\\)$").matcher(entry.group());
            assertThat(fallback.find()).as(entry.group()).isTrue();
            assertThat(AugmentOptions.parse("default," + key + "=" + fallback.group(1))).as(key).isEqualTo(AugmentOptions.DEFAULTS);
        }
        assertThat(AugmentOptions.EXAMPLES).isNotEmpty().allSatisfy(AugmentOptions::parse);
        assertThat(AugmentOptions.HELP).endsWith("Examples: " + String.join("; ", AugmentOptions.EXAMPLES));
    }
}
