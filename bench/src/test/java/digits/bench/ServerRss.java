package digits.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.cli.Main;
import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.model.EngineSetup;
import digits.serve.DigitServer;
import digits.serve.ModelInfo;
import digits.testing.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends many requests to an in-process {@link DigitServer} from several client threads and records the process's
 * RSS every N requests. Most requests are real MNIST test digits as JSON, whose answers are checked against the model
 * asked directly; one in ten is malformed (each must be answered 4xx), so error paths are soaked too.
 * <pre>java ... digits.bench.ServerRss --requests 100000 --clients 8 --every 10000</pre>
 */
@Command(name = "server-rss", mixinStandardHelpOptions = true,
        description = "Send N requests to an in-process server and print this process's RSS every --every requests.")
public final class ServerRss implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", description = "Model directory (default: train mlp --hidden 128, 2 epochs on 10,000 digits, into a temporary directory).")
    Path model;

    @Option(names = "--requests", defaultValue = "100000", description = "Requests in all (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent client threads (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--every", defaultValue = "10000", description = "Sample memory every N requests (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--batching", description = "Run the server with micro-batching.")
    boolean batching;

    @Option(names = "--threads", defaultValue = "2", description = "Engine threads (default: ${DEFAULT-VALUE}).")
    int threads;

    /** What a soak found: memory samples, and requests whose answers were wrong (good ones) or not 4xx (bad ones). */
    public record Result(List<MemorySample> samples, long good, long bad, long wrong, double seconds) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerRss()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        EngineSetup.threads(threads);
        Path dir = model != null ? model : trainQuickModel();
        try {
            return soak(dir);
        } finally {
            if (model == null) TrainedModel.deleteTree(dir.getParent());
        }
    }

    private int soak(Path dir) throws Exception {
        System.out.printf(Locale.ROOT, "Serving %s; %,d requests from %d clients (batching %s), 1 in 10 malformed%n",
                dir, requests, clients, batching ? "on" : "off");
        System.out.println(MemorySample.header("requests"));
        Result r = run(dir, requests, clients, every, batching, s -> System.out.println(s.row()));
        List<MemorySample> s = r.samples();
        System.out.printf(Locale.ROOT, "%,d good requests, %,d malformed, %d wrong answers, %.0f requests/s.%n"
                        + "After start: RSS %s. From request %s to %,d: %s. Peak RSS %s%n",
                r.good(), r.bad(), r.wrong(), (r.good() + r.bad()) / r.seconds(), RssProbe.format(s.get(0).rssBytes()),
                s.get(1).label(), requests, MemorySample.growth(s, 1), RssProbe.format(RssProbe.peakRssBytes()));
        return r.wrong() == 0 ? 0 : 1;
    }

    static Path trainQuickModel() throws IOException {
        Path dir = Files.createTempDirectory("server-rss").resolve("mlp-128");
        int code = Main.execute(new String[]{"train", "--model", "mlp", "--hidden", "128", "--limit", "10000", "--epochs", "2",
                "--test", "none", "--no-progress", "-o", dir.toString()}, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != 0) throw new IllegalStateException("training the model failed with exit code " + code);
        return dir;
    }

    /** Serves the model and soaks it; {@code onSample} sees each memory sample as it is taken. */
    public static Result run(Path modelDir, int requests, int clients, int every, boolean batching, Consumer<MemorySample> onSample)
            throws Exception {
        Dataset digits = MnistFiles.test().head(1000);
        List<MemorySample> samples = Collections.synchronizedList(new ArrayList<>());
        try (DigitRecognizer recognizer = DigitRecognizer.load(modelDir)) {
            int[] expected = new int[digits.size()];
            byte[][] bodies = new byte[digits.size()][];
            for (int i = 0; i < digits.size(); i++) {
                expected[i] = recognizer.predict(digits.image(i)).label();
                bodies[i] = pixelsJson(digits.image(i)).getBytes(StandardCharsets.UTF_8);
            }
            List<byte[]> malformed = List.of("{\"pixels\": [1, 2".getBytes(StandardCharsets.UTF_8),
                    pixelsJson(new float[783]).getBytes(StandardCharsets.UTF_8),
                    "{\"pixels\": [NaN]}".getBytes(StandardCharsets.UTF_8),
                    new byte[]{(byte) 0xff, 0, 1, 2});
            DigitServer.Options options = DigitServer.Options.defaults().withPort(0).withBatching(batching);
            try (DigitServer server = new DigitServer(recognizer, ModelInfo.of(recognizer), options).start()) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
                URI predict = server.uri().resolve("api/predict");
                long start = System.nanoTime();
                MemorySample first = MemorySample.take("0", 0);
                samples.add(first);
                onSample.accept(first);
                AtomicLong next = new AtomicLong();
                AtomicLong finished = new AtomicLong();
                AtomicLong good = new AtomicLong();
                AtomicLong bad = new AtomicLong();
                AtomicLong wrong = new AtomicLong();
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    running.add(pool.submit(() -> {
                        for (long n; (n = next.getAndIncrement()) < requests; ) {
                            int digit = (int) (n * 7919 % digits.size());
                            boolean malformedRequest = n % 10 == 9;
                            byte[] body = malformedRequest ? malformed.get((int) (n / 10 % malformed.size())) : bodies[digit];
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(predict)
                                    .header("Content-Type", malformedRequest && n % 40 == 39 ? "text/plain" : "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (malformedRequest) {
                                bad.incrementAndGet();
                                if (response.statusCode() < 400 || response.statusCode() >= 500) wrong.incrementAndGet();
                            } else {
                                good.incrementAndGet();
                                if (response.statusCode() != 200 || label(response.body()) != expected[digit]) wrong.incrementAndGet();
                            }
                            long done = finished.incrementAndGet();
                            if (done % every == 0 || done == requests) {
                                MemorySample s = MemorySample.take(Long.toString(done), (System.nanoTime() - start) / 1e9);
                                samples.add(s);
                                onSample.accept(s);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) f.get();
                pool.shutdown();
                samples.sort(java.util.Comparator.comparingLong(s -> Long.parseLong(s.label())));
                return new Result(List.copyOf(samples), good.get(), bad.get(), wrong.get(), (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** The label of a prediction answer, or -1 when the body is not one. */
    private static int label(String body) {
        try {
            JsonNode label = JSON.readTree(body).get("label");
            return label == null ? -1 : label.asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The JSON body of a prediction request for these pixels. */
    public static String pixelsJson(float[] pixels) {
        StringJoiner values = new StringJoiner(",", "{\"pixels\":[", "]}");
        for (float v : pixels) values.add(Float.toString(v));
        return values.toString();
    }
}
