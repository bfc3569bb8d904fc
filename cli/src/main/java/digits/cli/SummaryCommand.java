package digits.cli;

import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ModelSummary;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code digits summary}: the Keras-style layer table of an architecture or a saved model. */
@Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainingOptions.Transformer.class,
        description = {"Print a Keras-style summary of a model.",
                "Shows the layers, output shapes and parameters of an architecture (--model) or a saved model directory "
                        + "(--model-dir)."})
public final class SummaryCommand implements Callable<Integer>, TrainingOptions.Command {
    @Spec
    CommandSpec spec;

    /** The architecture settings only. */
    final TrainingOptions model = new TrainingOptions(Map.of(),
            List.of(TrainingSettings.MODEL, TrainingSettings.HIDDEN, TrainingSettings.DROPOUT));

    @Override
    public TrainingOptions training() {
        return model;
    }

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
            TrainingRequest request = model.request();
            modelSpec = request.modelSpec();
            name = request.modelName();
        }
        var out = spec.commandLine().getOut();
        out.print(ModelSummary.of(modelSpec).format(name));
        out.println("Architecture: " + modelSpec);
        out.flush();
        return ExitCodes.OK;
    }
}
