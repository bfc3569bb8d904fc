package digits.bench.cli;

import digits.cli.ExitCodes;
import digits.cli.Main;
import digits.cli.TrainedModelOptions;
import digits.cli.TtaViewOptions;
import digits.cli.VersionProvider;
import digits.cli.ThreadsOption;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.io.AtomicFiles;
import digits.model.EngineSetup;
import digits.model.ModelStore;
import digits.report.Pictures;
import digits.serve.DigitServer;
import digits.bench.LoadGenerator;
import digits.serve.MicroBatcher;
import digits.serve.ModelInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * {@code digits bench-serve}: starts the server in this process on a free loopback port, loads it with real MNIST test
 * digits from concurrent clients for a fixed time, and reports throughput, latency percentiles, errors and batching.
 */
@Command(name = "bench-serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure the prediction server under concurrent load.",
                "N concurrent clients post real MNIST test digits to an in-process",
                "server on 127.0.0.1 for a fixed time; prints requests/s, latency percentiles, errors and the mean batch",
                "size, and saves the numbers as JSON. Clients and server share this machine's CPUs."})
public final class BenchServeCommand implements Callable<Integer> {
    /** The digits sent, round-robin: the first ones of the MNIST test set. */
    static final int DIGITS = 1000;

    public enum Payload { json, png }

    @Mixin
    TrainedModelOptions model;

    @Option(names = "--clients", defaultValue = "50", description = "Concurrent clients, each sending one request at a time (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "How long the load runs (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--batching", negatable = true, defaultValue = DigitServer.Options.DEFAULT_BATCHING, fallbackValue = "true",
            description = "Serve with batching on or off, as `digits serve` (default: on).")
    boolean batching;

    @Option(names = "--payload", defaultValue = "json",
            description = "Request bodies: json ({\"pixels\": [784 values]}) or png (28x28 images, preprocessed by the server) "
                    + "(default: ${DEFAULT-VALUE}).")
    Payload payload;

    @Option(names = {"-o", "--output"}, defaultValue = "bench-serve.json", description = "JSON results file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Mixin
    ThreadsOption threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (clients < 1 || clients > 1000) throw new IllegalArgumentException("--clients must be in 1..1000, got " + clients);
        if (seconds < 1 || seconds > 600) throw new IllegalArgumentException("--seconds must be in 1..600, got " + seconds);
        AtomicFiles.checkWritable(output);
        threads.apply();
        PrintWriter out = spec.commandLine().getOut();
        List<LoadGenerator.Body> bodies = bodies(MnistFiles.test().head(DIGITS), payload);
        try (DigitRecognizer recognizer = model.load();
             DigitServer server = new DigitServer(recognizer, ModelInfo.of(recognizer),
                     DigitServer.Options.defaults().withPort(0).withBatching(batching)).start()) {
            out.printf(Locale.ROOT, "Benchmarking %s at %s: %d clients for %d s, %s bodies, batching %s%n",
                    recognizer.modelId(), server.uri(), clients, seconds, payload, batching ? "on" : "off");
            out.flush();
            LoadGenerator load = new LoadGenerator(server.uri().resolve("api/predict"), bodies);
            load.warmUp(50);
            MicroBatcher batcher = server.batcher();
            long batchesBefore = batcher == null ? 0 : batcher.batches();
            long predictionsBefore = batcher == null ? 0 : batcher.predictions();
            long cpuBefore = processCpuNanos();
            LoadGenerator.Result result = load.run(clients, Duration.ofSeconds(seconds));
            double cpuMsPerRequest = result.requests() == 0 ? 0 : (processCpuNanos() - cpuBefore) / 1e6 / result.requests();
            long batches = batcher == null ? result.requests() : batcher.batches() - batchesBefore;
            long predictions = batcher == null ? result.requests() : batcher.predictions() - predictionsBefore;
            double meanBatch = batches == 0 ? 0 : (double) predictions / batches;

            out.printf(Locale.ROOT, "requests    %,d in %.1f s: %.1f requests/s%n", result.requests(), result.seconds(),
                    result.requestsPerSecond());
            out.printf(Locale.ROOT, "latency ms  mean %.2f  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n", result.meanMs(),
                    result.p50Ms(), result.p90Ms(), result.p99Ms(), result.maxMs());
            out.printf(Locale.ROOT, "cpu         %.3f ms per request (this process: server and clients; other processes' load does not count)%n",
                    cpuMsPerRequest);
            out.printf(Locale.ROOT, "errors      %,d%s%n", result.errors(),
                    result.firstError() == null ? "" : " (first: " + result.firstError() + ")");
            out.printf(Locale.ROOT, "batching    %s%n", batcher == null ? "off (one model call per request)"
                    : String.format(Locale.ROOT, "mean batch %.2f (%,d predictions in %,d model calls)", meanBatch, predictions, batches));
            writeResults(recognizer, result, meanBatch, batches, predictions, cpuMsPerRequest);
            out.println("Saved " + output);
            out.flush();
            if (result.errors() > 0) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("digits: error: " + result.errors() + " of " + result.requests() + " requests failed");
                err.flush();
                return ExitCodes.FAILURE;
            }
        }
        return ExitCodes.OK;
    }

    /** The digits as request bodies: JSON pixels in 0..255 (compact), or PNG files as a person would upload them. */
    static List<LoadGenerator.Body> bodies(Dataset digits, Payload payload) {
        List<LoadGenerator.Body> bodies = new ArrayList<>(digits.size());
        for (int i = 0; i < digits.size(); i++) {
            float[] pixels = digits.image(i);
            if (payload == Payload.png) {
                bodies.add(new LoadGenerator.Body("image/png", Pictures.png(Pictures.digit(pixels, 1))));
            } else {
                StringJoiner values = new StringJoiner(",", "{\"pixels\":[", "],\"scale\":255}");
                for (float p : pixels) values.add(Integer.toString(Math.round(p * 255)));
                bodies.add(new LoadGenerator.Body("application/json", values.toString().getBytes(StandardCharsets.UTF_8)));
            }
        }
        return bodies;
    }

    /** CPU time of this process so far, all threads, native code included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private void writeResults(DigitRecognizer recognizer, LoadGenerator.Result result, double meanBatch, long batches,
                              long predictions, double cpuMsPerRequest) {
        ObjectNode json = ModelStore.json().createObjectNode();
        json.put("modelId", recognizer.modelId());
        json.put("model", String.join(",", model.dirs().stream().map(Path::toString).toList()));
        json.put("clients", clients);
        json.put("seconds", result.seconds());
        json.put("payload", payload.name());
        json.put("batching", batching);
        json.put("requests", result.requests());
        json.put("requestsPerSecond", result.requestsPerSecond());
        ObjectNode latency = json.putObject("latencyMs");
        latency.put("mean", result.meanMs());
        latency.put("p50", result.p50Ms());
        latency.put("p90", result.p90Ms());
        latency.put("p99", result.p99Ms());
        latency.put("max", result.maxMs());
        json.put("cpuMsPerRequest", cpuMsPerRequest);
        json.put("errors", result.errors());
        if (result.firstError() != null) json.put("firstError", result.firstError());
        json.put("meanBatch", meanBatch);
        json.put("modelCalls", batches);
        json.put("predictions", predictions);
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("java", System.getProperty("java.version"));
        json.put("finished", Instant.now().toString());
        try {
            AtomicFiles.writeString(output, ModelStore.json().writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
