package digits.serve;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitClassifier;
import digits.api.ImagePreprocessor;
import digits.api.Prediction;
import digits.data.InvalidInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.util.JavalinLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * The web server: a drawing page and a JSON prediction API over one {@link DigitClassifier}, on embedded Jetty (Javalin).
 *
 * <ul>
 *   <li>{@code GET /} the drawing page (bundled resource, self-contained);</li>
 *   <li>{@code POST /api/predict} an image ({@code multipart/form-data} field {@code image}, or a raw
 *       {@code image/png|jpeg|bmp|gif} body), run through {@link ImagePreprocessor}; or {@code application/json}
 *       {@code {"pixels": [784 numbers]}} in [0,1], or [0,255] with {@code "scale": 255} (detected when any value is
 *       above 1), used as they are. Answers {@code {"label", "probabilities" (10), "modelId", "millis", "input"
 *       (the 784 pixels the model saw)}};</li>
 *   <li>{@code GET /api/model} the model description given at construction; {@code GET /health} {@code {"status":"ok"}}.</li>
 * </ul>
 * Errors are {@code {"error": "..."}} with 400 (bad input), 404, 405, 413 (body over the limit), 415 (content type), or 500
 * with a generic message (the details go to the server log, never to the client). Only bundled resources are served.
 */
public final class DigitServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);

    /**
     * How the server listens and what it accepts.
     *
     * @param host         interface to bind; {@value #DEFAULT_HOST} keeps the server private to this machine
     * @param port         TCP port; 0 picks a free one (see {@link #port()})
     * @param maxBodyBytes larger request bodies are refused with 413
     * @param batching     group concurrent predictions into batches ({@link MicroBatcher})
     */
    public record Options(String host, int port, long maxBodyBytes, boolean batching) {
        public static final String DEFAULT_HOST = "127.0.0.1";
        public static final int DEFAULT_PORT = 8080;
        public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            if (maxBodyBytes < 1) throw new IllegalArgumentException("maximum body size must be positive, got " + maxBodyBytes);
        }

        public static Options defaults() {
            return new Options(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, false);
        }

        public Options withHost(String host) { return new Options(host, port, maxBodyBytes, batching); }

        public Options withPort(int port) { return new Options(host, port, maxBodyBytes, batching); }

        public Options withMaxBodyBytes(long max) { return new Options(host, port, max, batching); }

        public Options withBatching(boolean on) { return new Options(host, port, maxBodyBytes, on); }
    }

    private final DigitClassifier classifier;
    private final MicroBatcher batcher;
    private final byte[] modelInfo;
    private final Options options;
    private final ObjectMapper mapper;
    private final PredictionInput input;
    private final WebPage page;
    private final Javalin app;
    private boolean started;
    private boolean stopped;

    /** A server on 127.0.0.1:{@code port} with the default options. */
    public DigitServer(DigitClassifier classifier, JsonNode modelInfo, int port) {
        this(classifier, modelInfo, Options.defaults().withPort(port));
    }

    /**
     * @param classifier answers the predictions; the server does not close it
     * @param modelInfo  served as is by {@code GET /api/model} (descriptor, metrics)
     */
    public DigitServer(DigitClassifier classifier, JsonNode modelInfo, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        Objects.requireNonNull(classifier, "classifier");
        this.modelInfo = toBytes(Objects.requireNonNull(modelInfo, "modelInfo"));
        this.input = new PredictionInput(new ImagePreprocessor(), mapper, options.maxBodyBytes());
        this.page = WebPage.load();
        // Javalin's banner-like startup lines ("Your Javalin version is N days old") are noise; the CLI prints the address.
        JavalinLogger.startupInfo = false;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(mapper)));
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
        });
        routes();
        // Last, so that nothing above can fail and leave the batching thread running.
        this.batcher = options.batching() ? new MicroBatcher(classifier) : null;
        this.classifier = batcher != null ? batcher : classifier;
    }

    private void routes() {
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Cache-Control", "no-store");
        });
        app.get("/", ctx -> {
            ctx.header("Content-Security-Policy", page.contentSecurityPolicy());
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.contentType("text/html; charset=utf-8").result(page.html());
        });
        app.get("/health", ctx -> json(ctx, HttpStatus.OK, mapper.createObjectNode().put("status", "ok")));
        app.get("/api/model", ctx -> ctx.contentType("application/json").result(modelInfo));
        app.post("/api/predict", this::predict);

        app.exception(HttpResponseException.class, (e, ctx) -> {
            String allowed = e.getDetails().get("availableMethods");
            if (e.getStatus() == 405 && allowed != null) {
                ctx.header("Allow", allowed);
                error(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path() + "; use " + allowed);
            } else {
                error(ctx, e.getStatus(), e.getMessage());
            }
        });
        app.exception(InvalidInputException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal server error (the details are in the server log)");
        });
    }

    private void predict(Context ctx) {
        long start = System.nanoTime();
        float[] pixels = input.read(ctx);
        Prediction prediction = classifier.predict(pixels);
        double millis = Math.round((System.nanoTime() - start) / 1e4) / 100.0;

        ObjectNode answer = mapper.createObjectNode();
        answer.put("label", prediction.label());
        ArrayNode probabilities = answer.putArray("probabilities");
        for (float p : prediction.probabilities()) probabilities.add(p);
        answer.put("modelId", classifier.modelId());
        answer.put("millis", millis);
        ArrayNode seen = answer.putArray("input");
        for (float v : pixels) seen.add(v);
        json(ctx, HttpStatus.OK, answer);
    }

    /** Binds the port and starts serving; returns this for chaining. */
    public synchronized DigitServer start() {
        if (started) throw new IllegalStateException("the server was already started");
        started = true;
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + rootMessage(e), e);
        }
        return this;
    }

    /** The port the server listens on: the one asked for, or the free port picked for port 0. */
    public int port() {
        return app.port();
    }

    /** The server's base address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    public Options options() {
        return options;
    }

    /** The batcher, when batching is on (its counters show the mean batch size); otherwise null. */
    public MicroBatcher batcher() {
        return batcher;
    }

    /** Stops serving and releases the port; the classifier stays open. Calling it again does nothing. */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        app.stop();
        if (batcher != null) batcher.close();
    }

    @Override
    public void close() {
        stop();
    }

    private void json(Context ctx, HttpStatus status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(toBytes(body));
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status).contentType("application/json").result(toBytes(mapper.valueToTree(Map.of("error", message))));
    }

    private byte[] toBytes(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
