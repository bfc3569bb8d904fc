package digits.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The versions of this library and of the engine it was built against, recorded in every saved model. */
public final class Versions {
    public static final String DIGITS = "0.1.0";
    public static final String DJL = "0.35.1";
    public static final String PYTORCH = "2.7.1";

    private Versions() {}

    /** digits, djl, pytorch and the running Java, for a model's descriptor. */
    public static Map<String, String> all() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("digits", DIGITS);
        v.put("djl", DJL);
        v.put("pytorch", PYTORCH);
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
