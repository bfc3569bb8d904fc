package digits.cli;

import picocli.CommandLine;

/** Reports the tool's version and the tensor engine it was built against. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    public static final String VERSION = "0.1.0";
    public static final String DJL_VERSION = "0.35.1";
    public static final String PYTORCH_VERSION = "2.7.1";

    @Override
    public String[] getVersion() {
        return new String[]{
                "digits " + VERSION,
                "DJL " + DJL_VERSION + ", PyTorch " + PYTORCH_VERSION + " (CPU)",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
