package digits.cli;

import digits.model.Architectures;
import digits.model.ModelSpec;
import picocli.CommandLine.Option;

/** The options that choose an architecture, shared by {@code train}, {@code summary} and {@code sweep}. */
public final class ModelOptions {
    @Option(names = {"-m", "--model"}, defaultValue = Architectures.DEFAULT,
            description = "logistic, mlp, kaggle-cnn, deep-cnn, bn-cnn, fast-cnn, mid-cnn, quick-cnn, or a layer spec such as "
                    + "32C5-32C5-P-D.25-64C3-64C3-P-D.25-256-D.5-10 (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--hidden", description = "Hidden layer sizes for --model mlp, scikit-learn style (default: "
            + Architectures.DEFAULT_MLP_HIDDEN + ").")
    String hidden;

    @Option(names = "--dropout", defaultValue = "0",
            description = "Dropout after each hidden layer of --model mlp (default: ${DEFAULT-VALUE}).")
    double dropout;

    public ModelSpec spec() {
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("--dropout must be in [0,1), got " + dropout);
        return Architectures.resolve(model, hidden, dropout);
    }

    /** A readable name for runs and saved models: the preset name, or "custom" for a layer spec. */
    public String name() {
        if (model.equalsIgnoreCase("mlp")) return "mlp-" + (hidden == null ? Architectures.DEFAULT_MLP_HIDDEN : hidden).replace(',', '-');
        return model.matches("[A-Za-z-]+") ? model.toLowerCase(java.util.Locale.ROOT) : "custom";
    }
}
