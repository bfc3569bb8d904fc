package digits.bench;

import digits.serve.Messages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bounded load run against a prediction server on this machine: {@code clients} threads each send requests one
 * after another (closed loop) over their own kept-alive connection ({@link KeepAliveClient}) for a fixed time, and the
 * latencies are collected. It only talks to loopback addresses, stops by itself when the time is up (plus at most one
 * request timeout), and sends nothing but the bodies given.
 */
public final class LoadGenerator {
    /** Longest wait for one answer; a request that takes longer counts as an error. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** One request body and its content type; clients go through the list round-robin. */
    public record Body(String contentType, byte[] content) {
        public Body {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * What a run measured. Latencies are in milliseconds, from sending a request to having read its whole answer.
     *
     * @param errors     requests that failed: a status other than 200, a timeout, or a broken connection
     * @param firstError the first failure, for the report; null when there was none
     */
    public record Result(int clients, double seconds, long requests, long errors, String firstError,
                         double meanMs, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
        public double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }
    }

    private final URI target;
    /** The bodies as whole prepared requests. */
    private final List<byte[]> requests;

    /**
     * @param target the prediction endpoint, e.g. {@code http://127.0.0.1:8080/api/predict}; must be a loopback address
     * @param bodies the requests to send, round-robin
     */
    public LoadGenerator(URI target, List<Body> bodies) {
        requireLoopback(target);
        if (bodies.isEmpty()) throw new IllegalArgumentException("no request bodies to send");
        this.target = target;
        this.requests = bodies.stream().map(b -> KeepAliveClient.request(target, b.contentType(), b.content())).toList();
    }

    /** Sends {@code count} requests one at a time and ignores their latencies: JIT, connections and the model warm up. */
    public void warmUp(int count) {
        try (KeepAliveClient connection = connection()) {
            for (int i = 0; i < count; i++) send(connection, i);
        }
    }

    private KeepAliveClient connection() {
        return new KeepAliveClient(target, (int) REQUEST_TIMEOUT.toMillis());
    }

    /** Runs {@code clients} closed-loop clients for {@code duration} and returns what they measured. */
    public Result run(int clients, Duration duration) throws InterruptedException {
        if (clients < 1) throw new IllegalArgumentException("clients must be at least 1, got " + clients);
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive");
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "digits-load-client");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<Client>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c;
            futures.add(pool.submit(() -> new Client(offset, clients).runUntil(deadline, firstError)));
        }
        pool.shutdown();
        List<Client> done = new ArrayList<>();
        try {
            for (Future<Client> f : futures) done.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a load client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return summarise(clients, seconds, done, firstError.get());
    }

    private static Result summarise(int clients, double seconds, List<Client> done, String firstError) {
        long errors = 0;
        int n = 0;
        for (Client c : done) {
            errors += c.errors;
            n += c.count;
        }
        long[] all = new long[n];
        int k = 0;
        for (Client c : done) {
            System.arraycopy(c.latencies, 0, all, k, c.count);
            k += c.count;
        }
        Arrays.sort(all);
        double sum = 0;
        for (long v : all) sum += v;
        return new Result(clients, seconds, n, errors, firstError, n == 0 ? 0 : sum / n / 1e6,
                percentile(all, 50), percentile(all, 90), percentile(all, 99), n == 0 ? 0 : all[n - 1] / 1e6);
    }

    /** Nearest-rank percentile of sorted nanosecond values, in milliseconds. */
    public static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    /** One closed-loop client: sends, waits for the answer, records the latency, sends the next. */
    private final class Client {
        private final int stride;
        private int next;
        private long[] latencies = new long[1024];
        private int count;
        private long errors;

        Client(int offset, int stride) {
            this.next = offset;
            this.stride = stride;
        }

        Client runUntil(long deadline, AtomicReference<String> firstError) {
            try (KeepAliveClient connection = connection()) {
                run(connection, deadline, firstError);
            }
            return this;
        }

        private void run(KeepAliveClient connection, long deadline, AtomicReference<String> firstError) {
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                long t0 = System.nanoTime();
                String failure = send(connection, next);
                long t1 = System.nanoTime();
                next += stride;
                if (count == latencies.length) latencies = Arrays.copyOf(latencies, count * 2);
                latencies[count++] = t1 - t0;
                if (failure != null) {
                    errors++;
                    firstError.compareAndSet(null, failure);
                }
            }
        }
    }

    /** Sends the i-th body (round-robin); null when the answer was 200, else what went wrong. */
    private String send(KeepAliveClient connection, int i) {
        try {
            KeepAliveClient.Answer answer = connection.send(requests.get(Math.floorMod(i, requests.size())));
            if (answer.status() == 200) return null;
            return "HTTP " + answer.status() + ": " + Messages.abbreviate(new String(answer.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            connection.close();
            return e.getClass().getSimpleName() + ": " + Messages.abbreviate(String.valueOf(e.getMessage()));
        }
    }

    private static void requireLoopback(URI target) {
        String host = target.getHost();
        try {
            if (host == null || !InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException("the load generator only targets this machine (127.0.0.1, ::1, localhost), not "
                        + target);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + target, e);
        }
    }
}
