package digits.cli;

import com.fasterxml.jackson.databind.JsonNode;
import digits.api.DigitClassifier;
import digits.api.DigitRecognizer;
import digits.api.PairModels;
import digits.serve.DigitServer;
import digits.serve.MicroBatcher;
import digits.serve.ModelInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code digits serve}: the drawing page and the prediction API over a trained model, until Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Serve a trained model: a drawing page and a JSON API.",
                "The drawing page is at http://HOST:PORT/.",
                "",
                "  POST /api/predict  an image: multipart/form-data field 'image', or a raw",
                "                     image/png, image/jpeg, image/bmp or image/gif body;",
                "                     or application/json {\"pixels\": [784 numbers]} in [0,1]",
                "                     (or 0..255 with \"scale\": 255). Answers the label, the",
                "                     10 probabilities and the 784 pixels the model saw.",
                "  GET  /api/model    the model's descriptor: architecture, training, metrics",
                "  GET  /health       {\"status\":\"ok\"}",
                "  POST /api/correct  with --user-data: the page saves a digit with its right",
                "                     label (see docs/personal.md)",
                ""})
public final class ServeCommand implements Callable<Integer> {

    @CommandLine.Mixin
    TrainedModelOptions model;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = DigitServer.Options.DEFAULT_HOST,
            description = "Interface to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0: all interfaces).")
    String host;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = {"Also answer requests that name this server NAME (a host name or IP address, without a port;"
                    + " repeatable). Requests naming any other host get 421, against DNS rebinding. Always allowed: the"
                    + " --host address, and localhost, 127.0.0.1 and [::1] when listening on loopback or all interfaces."})
    List<String> allowedHosts = new ArrayList<>();

    @Option(names = "--max-body", paramLabel = "SIZE", defaultValue = "1MB", converter = ByteSizeConverter.class,
            description = "Largest request body accepted, e.g. 512KB, 2MB (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--batching", negatable = true, defaultValue = DigitServer.Options.DEFAULT_BATCHING, fallbackValue = "true",
            description = "Answer the predictions that arrive while the model is busy together, up to "
                    + MicroBatcher.DEFAULT_MAX_BATCH + " in one batch (default: on; --no-batching: one model call per request).")
    boolean batching;

    @CommandLine.Mixin
    LearnOptions learning;

    @CommandLine.Mixin
    PairModelOption pairModel;

    /** Loaded by {@link #call()} from {@code --pair-model}, or null. */
    private PairModels pairs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
        }
        DigitServer.Options options;
        try {
            options = new DigitServer.Options(host, port, maxBody, batching).withAllowedHosts(allowedHosts);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--allowed-host: " + e.getMessage());
        }
        learning.check(spec, model);
        try (PairModels loaded = pairModel.load();
             LearnOptions.Session session = learning.open(model, spec.commandLine().getOut())) {
            pairs = loaded;
            return serveUntilStopped(session.classifier(), session.info(), options, session);
        }
    }

    private int serveUntilStopped(DigitClassifier classifier, JsonNode info, DigitServer.Options options,
                                  LearnOptions.Session session) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // Ctrl-C: let serve() stop the server and close the model before the JVM exits.
            stop.countDown();
            awaitQuietly(done);
        }, "digits-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return serve(classifier, info, options, stop, session);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
    }

    /**
     * Serves until {@code stop} is released, then stops the server (the caller closes the classifier).
     * Separate from model loading so it can be tested with any classifier.
     */
    int serve(DigitClassifier classifier, JsonNode info, DigitServer.Options options, CountDownLatch stop)
            throws InterruptedException {
        return serve(classifier, info, options, stop, null);
    }

    private int serve(DigitClassifier classifier, JsonNode info, DigitServer.Options options, CountDownLatch stop,
                      LearnOptions.Session session) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (DigitServer server = new DigitServer(classifier, info, options)) {
            if (pairs != null) server.withPairModels(pairs);
            if (session != null && session.corrections() != null) {
                server.withCorrections(session.corrections(), session.swappable());
            }
            try {
                server.start();
            } catch (IllegalStateException e) {
                // CannotListenException (port in use, unknown host, address not on this machine): the options' fault.
                PrintWriter err = spec.commandLine().getErr();
                err.println("digits: error: " + e.getMessage());
                err.flush();
                return e instanceof DigitServer.CannotListenException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
            }
            out.println("Serving " + classifier.modelId() + " at " + server.uri() + "  (Ctrl-C to stop)");
            if (!isLoopback(options.host())) {
                out.println("Note: listening on " + options.host()
                        + ": other machines that can reach this one can use the model, through the host names "
                        + String.join(", ", server.allowedHosts()) + " (add others with --allowed-host NAME).");
            }
            if (!options.batching()) out.println("Batching is off: one model call per request.");
            if (session != null) session.describe(out);
            out.flush();
            stop.await();
            out.println("Stopping.");
            out.flush();
        }
        return ExitCodes.OK;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
