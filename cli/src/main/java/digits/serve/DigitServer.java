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
import digits.api.NumberReader;
import digits.api.PairModels;
import digits.api.NumberReading;
import digits.api.Prediction;
import digits.data.InvalidInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.util.JavalinLogger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The web server: a drawing page and a JSON prediction API over one {@link DigitClassifier}, on embedded Jetty (Javalin).
 *
 * <ul>
 *   <li>{@code GET /} the drawing page (bundled resource, self-contained);</li>
 *   <li>{@code POST /api/predict} an image ({@code multipart/form-data} field {@code image}, or a raw
 *       {@code image/png|jpeg|bmp|gif} body), run through {@link ImagePreprocessor}; or {@code application/json}
 *       {@code {"pixels": [784 numbers]}} in [0,1], or [0,255] with {@code "scale": 255} (detected when any value is
 *       above 1), used as they are. Answers {@code {"label", "probabilities" (10), "modelId", "millis"}}, and with
 *       {@code ?input=true} also {@code "input"} (the 784 pixels the model saw, as the drawing page shows them), and with {@code ?explain=true}
 *       {@code "explain"} ({@link ExplainJson});</li>
 *   <li>{@code POST /api/read} a picture of a handwritten number (one line of digits; multipart field {@code image}
 *       or a raw image body), read by {@link NumberReader}. Answers {@code {"number", "confidence", "digits": [{"label",
 *       "confidence", "box": {x, y, width, height}, "probabilities" (10)}], "modelId", "millis"}};</li>
 *   <li>{@code GET /api/model} the model description given at construction; {@code GET /health} {@code {"status":"ok"}}.</li>
 * </ul>
 * Errors are {@code {"error": "..."}} with 400 (bad input), 404, 405, 408 (body too slow), 413 (body or image over the
 * limit), 415 (content type), 421 (a {@code Host} this server does not answer to), 503 (too many large images at once),
 * or 500 with a generic message (the details go to the server log, never to the client). Only bundled resources are
 * served.
 *
 * <p>Limits against misbehaving clients: the request line and headers must arrive within {@link Timeouts#head()} of
 * the connection being ready for a request ({@link HeadDeadline}); a body may pause for at most {@link Timeouts#idle()}
 * and must be complete within {@link Timeouts#body()}; images may declare at most {@link Options#maxImagePixels()}
 * pixels and are decoded a few at a time ({@link DecodeGate}); the {@code Host} header must name this server
 * ({@link HostNames}, {@link HostFilter}).
 */
public final class DigitServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DigitServer.class);
    /** Longest wait of a large image for a decoding permit before 503. */
    static final long DECODE_WAIT_MILLIS = 10_000;

    /**
     * How long the server waits for parts of a request.
     *
     * @param head from the connection being ready for a request (opened, or the previous response sent) to the end of
     *             the request line and headers; past it the connection is closed without an answer
     * @param idle longest pause in receiving (a body) or sending; past it the request gets 408 or the connection closes
     * @param body from the first read of a request body to its end; past it the request gets 408
     */
    public record Timeouts(Duration head, Duration idle, Duration body) {
        public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30));

        public Timeouts {
            for (Duration d : new Duration[] {head, idle, body}) {
                Objects.requireNonNull(d, "timeout");
                if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }

    /**
     * How the server listens and what it accepts.
     *
     * @param host           interface to bind; {@value #DEFAULT_HOST} keeps the server private to this machine
     * @param port           TCP port; 0 picks a free one (see {@link #port()})
     * @param maxBodyBytes   larger request bodies are refused with 413
     * @param batching       group concurrent predictions into batches ({@link MicroBatcher})
     * @param allowedHosts   host names accepted in the {@code Host} header besides the bound address (and the loopback
     *                       names when bound to loopback or a wildcard address), see {@link HostNames}
     * @param maxImagePixels images whose header declares more pixels are refused with 413 before decoding
     * @param timeouts       see {@link Timeouts}
     */
    public record Options(String host, int port, long maxBodyBytes, boolean batching, List<String> allowedHosts,
                          long maxImagePixels, Timeouts timeouts) {
        public static final String DEFAULT_HOST = "127.0.0.1";
        /** On: a lone request costs no more with it, and concurrent ones share model calls (docs/api.md). */
        public static final String DEFAULT_BATCHING = "true";
        public static final int DEFAULT_PORT = 8080;
        public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;
        /** 16 megapixels: a 12-megapixel phone photo passes; one such image decodes in about a second on one core. */
        public static final long DEFAULT_MAX_IMAGE_PIXELS = 16_000_000L;

        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            if (maxBodyBytes < 1) throw new IllegalArgumentException("maximum body size must be positive, got " + maxBodyBytes);
            allowedHosts = List.copyOf(allowedHosts);
            for (String name : allowedHosts) HostNames.normalize(name);
            if (maxImagePixels < 1) throw new IllegalArgumentException("maximum image pixels must be positive, got " + maxImagePixels);
            Objects.requireNonNull(timeouts, "timeouts");
        }

        public Options(String host, int port, long maxBodyBytes, boolean batching) {
            this(host, port, maxBodyBytes, batching, List.of(), DEFAULT_MAX_IMAGE_PIXELS, Timeouts.DEFAULTS);
        }

        public static Options defaults() {
            return new Options(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, Boolean.parseBoolean(DEFAULT_BATCHING));
        }

        public Options withHost(String host) {
            return new Options(host, port, maxBodyBytes, batching, allowedHosts, maxImagePixels, timeouts);
        }

        public Options withPort(int port) {
            return new Options(host, port, maxBodyBytes, batching, allowedHosts, maxImagePixels, timeouts);
        }

        public Options withMaxBodyBytes(long max) {
            return new Options(host, port, max, batching, allowedHosts, maxImagePixels, timeouts);
        }

        public Options withBatching(boolean on) {
            return new Options(host, port, maxBodyBytes, on, allowedHosts, maxImagePixels, timeouts);
        }

        public Options withAllowedHosts(List<String> names) {
            return new Options(host, port, maxBodyBytes, batching, names, maxImagePixels, timeouts);
        }

        public Options withMaxImagePixels(long max) {
            return new Options(host, port, maxBodyBytes, batching, allowedHosts, max, timeouts);
        }

        public Options withTimeouts(Timeouts timeouts) {
            return new Options(host, port, maxBodyBytes, batching, allowedHosts, maxImagePixels, timeouts);
        }
    }

    /** {@link #start()} could not bind the address: a bad host name, a port in use, an address not on this machine. */
    public static final class CannotListenException extends IllegalStateException {
        CannotListenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final DigitClassifier classifier;
    /** Reads {@code /api/read}; replaced only before the server starts ({@link #withPairModels}). */
    private volatile NumberReader reader;
    private final MicroBatcher batcher;
    private final byte[] modelInfo;
    private final Options options;
    private final ObjectMapper mapper;
    private final PredictionInput input;
    private final WebPage page;
    private final HostNames hosts;
    private final DecodeGate decoding;
    private final Javalin app;
    /** Bound by {@link #start()} before Jetty starts, so that a bind failure is ours to report (Jetty would log it). */
    private ServerSocketChannel channel;
    private boolean started;
    private boolean stopped;
    /** The write endpoint ({@code serve --user-data}), or null: none. */
    private volatile Corrections corrections;
    /** The answering model when it can change ({@code serve --learn}): {@code /api/model} asks it each time. */
    private volatile SwappableClassifier swappable;

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
        this.hosts = HostNames.forServer(options.host(), options.allowedHosts());
        this.decoding = new DecodeGate(options.maxImagePixels(), DECODE_WAIT_MILLIS, Runtime.getRuntime().availableProcessors());
        this.input = new PredictionInput(new ImagePreprocessor(options.maxImagePixels()), mapper, options.maxBodyBytes(),
                options.timeouts().body(), decoding);
        this.page = WebPage.load();
        // Javalin's banner-like startup lines ("Your Javalin version is N days old") are noise; the CLI prints the address.
        JavalinLogger.startupInfo = false;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler(mapper));
                // Outermost: no handler, Javalin's routes included, sees a request for another host name.
                server.insertHandler(new HostFilter(hosts, mapper));
            });
            config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            // Our own connector (Javalin then adds none): the head deadline, the idle timeout, the pre-bound channel.
            config.jetty.addConnector(this::connector);
        });
        routes();
        // Last, so that nothing above can fail and leave the batching thread running.
        this.batcher = options.batching() ? new MicroBatcher(classifier) : null;
        this.classifier = batcher != null ? batcher : classifier;
        this.reader = new NumberReader(this.classifier, new ImagePreprocessor(options.maxImagePixels()), NumberReader.Settings.DEFAULT);
    }

    private void routes() {
        app.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Cache-Control", "no-store");
        });
        app.get("/", ctx -> {
            ctx.header("Content-Security-Policy", page.contentSecurityPolicy());
            ctx.header("Referrer-Policy", "no-referrer");
            Corrections writes = corrections;
            ctx.contentType("text/html; charset=utf-8").result(writes == null ? page.html() : writes.page(page.html()));
        });
        app.get("/health", ctx -> json(ctx, HttpStatus.OK, mapper.createObjectNode().put("status", "ok")));
        app.get("/api/model", ctx -> ctx.contentType("application/json")
                .result(swappable == null ? modelInfo : toBytes(swappable.info())));
        app.post("/api/predict", this::predict);
        app.post("/api/read", this::read);

        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.getCode()) ctx.header("Retry-After", "2");
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

    /**
     * Turns on {@code POST /api/correct} and {@code GET /api/learn} (see {@link Corrections}); with {@code models}, the
     * model that answers can change and {@code GET /api/model} describes the one answering now. Call before start.
     */
    /** Also reads touching pairs whole on {@code /api/read} ({@code serve --pair-model}); the server does not close them. */
    public DigitServer withPairModels(PairModels pairs) {
        if (started) throw new IllegalStateException("pair models must be given before the server starts");
        this.reader = new NumberReader(classifier, Objects.requireNonNull(pairs, "pairs"),
                new ImagePreprocessor(options.maxImagePixels()), NumberReader.Settings.DEFAULT, NumberReader.PairSettings.DEFAULT);
        return this;
    }

    public DigitServer withCorrections(Corrections writes, SwappableClassifier models) {
        if (started) throw new IllegalStateException("corrections must be turned on before the server starts");
        this.corrections = Objects.requireNonNull(writes);
        this.swappable = models;
        app.post("/api/correct", ctx -> writes.correct(ctx, hosts, port(), mapper, options.maxBodyBytes(),
                options.timeouts().body()));
        app.get("/api/learn", ctx -> json(ctx, HttpStatus.OK, writes.status(mapper)));
        return this;
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
        // Only on request: 784 numbers would make the answer ten times longer than the prediction.
        if ("true".equals(ctx.queryParam("input"))) {
            ArrayNode seen = answer.putArray("input");
            for (float v : pixels) seen.add(v);
        }
        if (ExplainJson.asked(ctx.queryParam("explain"))) answer.set("explain", ExplainJson.of(mapper, classifier.explain(pixels)));
        json(ctx, HttpStatus.OK, answer);
    }

    private void read(Context ctx) {
        long start = System.nanoTime();
        NumberReading reading = input.image(ctx, reader::read, PredictionInput.IMAGES + " or image/gif");
        ObjectNode answer = mapper.valueToTree(reading.toMap());
        answer.put("modelId", classifier.modelId());
        answer.put("millis", Math.round((System.nanoTime() - start) / 1e4) / 100.0);
        json(ctx, HttpStatus.OK, answer);
    }

    private ServerConnector connector(Server server, HttpConfiguration http) {
        ServerConnector connector = new ServerConnector(server, new HeadDeadline(http, options.timeouts().head()));
        connector.setIdleTimeout(options.timeouts().idle().toMillis());
        connector.setHost(options.host());
        connector.setPort(options.port());
        try {
            connector.open(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return connector;
    }

    /**
     * Binds the port and starts serving; returns this for chaining.
     *
     * @throws CannotListenException when the address cannot be bound (unknown host name, port in use, ...): nothing is
     *                               logged, the message says it all
     */
    public synchronized DigitServer start() {
        if (started) throw new IllegalStateException("the server was already started");
        started = true;
        String where = (options.host().contains(":") ? "[" + options.host() + "]" : options.host()) + ":" + options.port();
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(options.host()), options.port());
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Jetty does: restart despite TIME_WAIT
            channel.bind(address);
        } catch (UnknownHostException e) {
            stop();
            throw new CannotListenException("cannot listen on " + where + ": unknown host name", e);
        } catch (IOException | RuntimeException e) {
            stop();
            throw new CannotListenException("cannot listen on " + where + ": " + rootMessage(e), e);
        }
        try {
            app.start();
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("cannot start the server on " + where + ": " + rootMessage(e), e);
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
        try {
            app.stop(); // does nothing (and logs nothing) when Jetty never started
        } finally {
            closeChannel();
            if (batcher != null) batcher.close();
        }
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the listening channel", e);
        }
    }

    /** The host names this server answers to (see {@link HostNames}), as written in a URL. */
    public Set<String> allowedHosts() {
        return hosts.names();
    }

    DecodeGate decodeGate() {
        return decoding;
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
