package digits.cli;

import digits.model.Versions;
import picocli.CommandLine;

/** Reports the tool's version and the tensor engine it was built against. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** Versions recorded in each saved model's descriptor. */
    public static java.util.Map<String, String> versions() {
        return Versions.all();
    }

    @Override
    public String[] getVersion() {
        return new String[]{
                "digits " + Versions.DIGITS,
                "DJL " + Versions.DJL + ", PyTorch " + Versions.PYTORCH + " (CPU)",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
