package digits.cli;

import picocli.CommandLine;

/** Reports the tool's version and the tensor engine it was built against. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";
    public static final String DJL_VERSION = "0.35.1";
    public static final String PYTORCH_VERSION = "2.7.1";

    /** Versions recorded in each saved model's descriptor. */
    public static java.util.Map<String, String> versions() {
        java.util.Map<String, String> v = new java.util.LinkedHashMap<>();
        v.put("digits", VERSION);
        v.put("djl", DJL_VERSION);
        v.put("pytorch", PYTORCH_VERSION);
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{
                "digits " + VERSION,
                "DJL " + DJL_VERSION + ", PyTorch " + PYTORCH_VERSION + " (CPU)",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
