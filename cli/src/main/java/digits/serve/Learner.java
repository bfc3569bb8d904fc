package digits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitRecognizer;
import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.data.UserDigits;
import digits.eval.Evaluation;
import digits.model.ModelStore;
import digits.train.FineTune;
import digits.train.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code serve --learn}: after every few corrections, fine-tunes the model the server started with on the person's
 * digits ({@link FineTune}, on one background thread, one fine-tune at a time) and lets the new model answer only when
 * {@link #accepts} says it is better: within {@value #MNIST_TOLERANCE} (0.1 point) of the starting model on the MNIST
 * test set, and more of the person's held-out digits ({@link FineTune#heldOut}) right than the model answering now.
 * Accepted models are kept in the user data folder ({@code models/attempt-N}); refused ones are deleted.
 */
public final class Learner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Learner.class);
    static final double MNIST_TOLERANCE = 0.001;
    static final String MODELS = "models";

    private final Path baseDir;
    private final UserDigits digits;
    private final SwappableClassifier classifier;
    private final FineTune settings;
    private final int every;
    private final Consumer<String> log;
    private final ExecutorService worker;
    private final Dataset mnistTest;
    private final double baseMnistAccuracy;
    private int digitsAtLastStart;
    private Future<?> running;
    private int attempts;
    private ObjectNode last;

    /**
     * @param baseDir    the model the server started with (every fine-tune starts from it)
     * @param classifier the answering model, which accepted models replace
     * @param every      a fine-tune starts after this many new digits
     * @param log        hears one line per attempt (the command prints it)
     */
    public Learner(Path baseDir, UserDigits digits, SwappableClassifier classifier, FineTune settings, int every,
                   Consumer<String> log) {
        if (every < 1) throw new IllegalArgumentException("learn-every must be at least 1, got " + every);
        this.baseDir = baseDir;
        this.digits = digits;
        this.classifier = classifier;
        this.settings = settings;
        this.every = every;
        this.log = log;
        this.mnistTest = MnistFiles.test();
        this.baseMnistAccuracy = accuracy(classifier.probabilities(mnistTest.pixels()), mnistTest);
        this.digitsAtLastStart = digits.size();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "digits-learner");
            t.setDaemon(true);
            return t;
        });
    }

    /** The swap rule: the candidate keeps MNIST within 0.1 point of the starting model and gets more held-out digits right. */
    static boolean accepts(double baseMnist, double currentHeldOut, double candidateMnist, double candidateHeldOut) {
        return candidateMnist >= baseMnist - MNIST_TOLERANCE - 1e-12 && candidateHeldOut > currentHeldOut;
    }

    /** Called after each saved correction: starts a fine-tune when enough new digits came and none is running. */
    public synchronized void digitAdded() {
        int size = digits.size();
        if (size - digitsAtLastStart < every || (running != null && !running.isDone())) return;
        if (size < 5) return; // no held-out digit yet
        digitsAtLastStart = size;
        running = worker.submit(this::attempt);
    }

    /** Waits for the fine-tune in progress, if any (tests, shutdown). */
    public void awaitIdle(long timeoutSeconds) throws Exception {
        Future<?> f;
        synchronized (this) {
            f = running;
        }
        if (f != null) f.get(timeoutSeconds, TimeUnit.SECONDS);
    }

    private void attempt() {
        long start = System.nanoTime();
        int n;
        synchronized (this) {
            n = ++attempts;
        }
        Dataset all = digits.snapshot();
        Dataset toLearn = FineTune.part(all, false);
        Dataset held = FineTune.part(all, true);
        Path out = digits.file().getParent().resolve(MODELS).resolve("attempt-" + n);
        try {
            double currentHeld = accuracy(classifier.probabilities(held.pixels()), held);
            FineTune.Result result;
            try (ModelStore.Loaded base = ModelStore.load(baseDir)) {
                result = settings.run(base.model(), base.descriptor(), toLearn, out, TrainingListener.SILENT,
                        List.of(held, mnistTest));
            }
            double candidateHeld = result.judged().get(0).accuracy();
            double candidateMnist = result.judged().get(1).accuracy();
            boolean accepted = accepts(baseMnistAccuracy, currentHeld, candidateMnist, candidateHeld);
            int version = classifier.version();
            if (accepted) version = classifier.swap(DigitRecognizer.load(out));
            else deleteQuietly(out);
            String line = String.format(Locale.ROOT, "Learning: fine-tune %d on %d of your digits (%d held out) in %.1f s: "
                            + "held-out %.1f%% -> %.1f%%, MNIST test %.2f%% (started at %.2f%%): %s", n, toLearn.size(),
                    held.size(), (System.nanoTime() - start) / 1e9, 100 * currentHeld, 100 * candidateHeld,
                    100 * candidateMnist, 100 * baseMnistAccuracy,
                    accepted ? "now answering as v" + version : "kept v" + version);
            record(n, toLearn.size(), held.size(), currentHeld, candidateHeld, candidateMnist, accepted, version, line);
            log.accept(line);
        } catch (RuntimeException e) {
            deleteQuietly(out);
            LOG.error("fine-tune {} failed", n, e);
            log.accept("Learning: fine-tune " + n + " failed (" + Messages.firstLine(String.valueOf(e.getMessage()))
                    + "); the model answering is unchanged");
        }
    }

    private synchronized void record(int attempt, int learnt, int heldOut, double currentHeld, double candidateHeld,
                                     double candidateMnist, boolean accepted, int version, String summary) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("attempt", attempt);
        o.put("digitsLearnt", learnt);
        o.put("heldOut", heldOut);
        o.put("heldOutAccuracyBefore", currentHeld);
        o.put("heldOutAccuracyAfter", candidateHeld);
        o.put("mnistTestAccuracy", candidateMnist);
        o.put("mnistTestAccuracyStart", baseMnistAccuracy);
        o.put("swapped", accepted);
        o.put("version", version);
        o.put("summary", summary);
        o.put("finished", Instant.now().toString());
        last = o;
    }

    /** The last attempt's figures, or null before the first one ends. */
    public synchronized ObjectNode lastAttempt() {
        return last == null ? null : last.deepCopy();
    }

    public int every() {
        return every;
    }

    private static double accuracy(float[] probabilities, Dataset data) {
        return Evaluation.of(data.labels(), probabilities).accuracy();
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("removing {}", dir, e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
