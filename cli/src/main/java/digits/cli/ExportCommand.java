package digits.cli;

import digits.io.Printable;
import digits.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code digits export}: a model or ensemble directory as an ONNX file, to run it outside Java. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a trained model as an ONNX file.",
                "For ONNX Runtime (in Python, or a web page with onnxruntime-web): the graph gives the model's "
                        + "probabilities; an ensemble directory becomes one graph averaging its members. Input "
                        + "'" + OnnxExport.INPUT + "': float32 [N,1,28,28], pixel / 255, light ink on dark as in MNIST; "
                        + "the file's metadata says so too. Opset " + OnnxExport.OPSET + " (docs/onnx.md)."})
public final class ExportCommand implements Callable<Integer> {
    /** The file formats a model can be exported to. */
    enum Format { onnx }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT",
            description = "File format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR", defaultValue = TrainedModelOptions.DEFAULT_DIR,
            description = "Model or ensemble directory written by `digits train` or `digits ensemble` (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The file to write, e.g. model.onnx (replaced whole, never left half-written).")
    Path output;

    @Option(names = "--scores", paramLabel = "KIND", defaultValue = "probabilities",
            description = "What the graph outputs for each image: probabilities (softmax, each row sums to 1) or logits "
                    + "(the scores before softmax; a single model only) (default: ${DEFAULT-VALUE}).")
    String scores;

    @Override
    public Integer call() {
        OnnxExport.Output kind = switch (scores.toLowerCase(Locale.ROOT)) {
            case "probabilities" -> OnnxExport.Output.PROBABILITIES;
            case "logits" -> OnnxExport.Output.LOGITS;
            default -> throw new ParameterException(spec.commandLine(), "--scores must be probabilities or logits, got '"
                    + Printable.escape(scores) + "'");
        };
        if (!Files.isDirectory(model)) throw TrainedModelOptions.missing(model);
        OnnxExport.Written written = OnnxExport.export(model, output, kind);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s (%,d bytes, ONNX opset %d): %s, %s%s; input '%s' float32 [N,1,28,28], output '%s' [N,10]%n",
                Printable.escape(written.file().toString()), written.bytes(), OnnxExport.OPSET,
                Printable.escape(written.modelId()), written.networks() == 1 ? "1 network" : written.networks() + " networks",
                written.networks() == 1 ? "" : " averaged", OnnxExport.INPUT, kind.tensorName());
        out.flush();
        return ExitCodes.OK;
    }
}
