package digits.cli;

import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code digits summary}: the Keras-style layer table of an architecture or a saved model. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = {"Print a Keras-style summary of a model.",
                "Shows the layers, output shapes and parameters of an architecture (--model) or a saved model directory "
                        + "(--model-dir)."})
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--model-dir", description = "A saved model directory to summarise instead.")
    Path modelDir;

    @Override
    public Integer call() {
        String name;
        ModelSpec modelSpec;
        if (modelDir != null) {
            ModelDescriptor d = ModelStore.readDescriptor(modelDir);
            modelSpec = ModelSpec.parse(d.architecture());
            name = d.name();
        } else {
            modelSpec = modelOptions.spec();
            name = modelOptions.name();
        }
        var out = spec.commandLine().getOut();
        out.print(ModelSummary.of(modelSpec).format(name));
        out.println("Architecture: " + modelSpec);
        out.flush();
        return ExitCodes.OK;
    }
}
