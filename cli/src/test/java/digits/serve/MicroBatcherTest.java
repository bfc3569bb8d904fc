package digits.serve;

import digits.api.DigitClassifier;
import digits.api.Prediction;
import digits.testing.Mnist;
import digits.testing.NearestMeanClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MicroBatcherTest {
    private static NearestMeanClassifier model;
    private static Mnist.Digits digits;

    @BeforeAll
    static void train() {
        model = NearestMeanClassifier.trainedOnMnist();
        digits = Mnist.test(64);
    }

    @Test
    void concurrentCallersEachGetTheirOwnPrediction() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try (MicroBatcher batcher = new MicroBatcher(model)) {
            List<Future<Prediction>> answers = new ArrayList<>();
            for (int i = 0; i < digits.size(); i++) {
                float[] image = digits.image(i);
                answers.add(pool.submit(() -> batcher.predict(image)));
            }
            for (int i = 0; i < digits.size(); i++) {
                Prediction direct = model.predict(digits.image(i));
                Prediction batched = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(batched.label()).as("digit %d", i).isEqualTo(direct.label());
                assertThat(batched.probabilities()).as("digit %d", i).containsExactly(direct.probabilities());
            }
            assertThat(batcher.predictions()).isEqualTo(digits.size());
            assertThat(batcher.batches()).isBetween(1L, (long) digits.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void requestsQueuedWhileTheModelIsBusyFormTheNextBatchesUpToTheMaximum() throws Exception {
        GatedClassifier gated = new GatedClassifier(model);
        ExecutorService pool = Executors.newFixedThreadPool(21);
        try (MicroBatcher batcher = new MicroBatcher(gated, 8)) {
            Future<Prediction> first = pool.submit(() -> batcher.predict(digits.image(0)));
            assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Prediction>> rest = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                float[] image = digits.image(i);
                rest.add(pool.submit(() -> batcher.predict(image)));
            }
            waitUntil(() -> batcher.waiting() == 20);
            gated.release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS).label()).isEqualTo(model.predict(digits.image(0)).label());
            for (int i = 1; i <= 20; i++) {
                assertThat(rest.get(i - 1).get(10, TimeUnit.SECONDS).label())
                        .isEqualTo(model.predict(digits.image(i)).label());
            }
            assertThat(gated.batchSizes).containsExactly(1, 8, 8, 4);
            assertThat(batcher.batches()).isEqualTo(4);
            assertThat(batcher.predictions()).isEqualTo(21);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLoneRequestRunsTheModelOnItsOwnThreadAsABatchOfOne() {
        List<Thread> ranOn = Collections.synchronizedList(new ArrayList<>());
        DigitClassifier recording = new Delegating(model, images -> {
            ranOn.add(Thread.currentThread());
            return model.predictBatch(images);
        });
        try (MicroBatcher batcher = new MicroBatcher(recording, 64)) {
            assertThat(batcher.predict(digits.image(5)).label()).isEqualTo(model.predict(digits.image(5)).label());
            assertThat(batcher.predict(digits.image(6)).label()).isEqualTo(model.predict(digits.image(6)).label());
            assertThat(ranOn).containsExactly(Thread.currentThread(), Thread.currentThread());
            assertThat(batcher.batches()).isEqualTo(2);
            assertThat(batcher.modelId()).isEqualTo(model.modelId());
        }
    }

    @Test
    void aFailingBatchFailsItsCallersAndTheNextBatchWorks() {
        DigitClassifier failing = new Delegating(model, images -> {
            if (images.stream().anyMatch(image -> image.length != 784)) {
                throw new IllegalArgumentException("expected 784 pixels, got " + images.get(0).length);
            }
            return model.predictBatch(images);
        });
        try (MicroBatcher batcher = new MicroBatcher(failing)) {
            assertThatThrownBy(() -> batcher.predict(new float[783]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("expected 784 pixels, got 783");
            assertThat(batcher.predict(digits.image(1)).label()).isEqualTo(model.predict(digits.image(1)).label());
        }
    }

    @Test
    void aClassifierAnsweringTheWrongNumberOfPredictionsIsAnError() {
        DigitClassifier broken = new Delegating(model, images -> List.of());
        try (MicroBatcher batcher = new MicroBatcher(broken)) {
            assertThatThrownBy(() -> batcher.predict(digits.image(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("predictBatch returned 0 predictions for 1 images");
        }
    }

    @Test
    void closingStopsTheBatcherButNotTheClassifier() throws Exception {
        GatedClassifier gated = new GatedClassifier(model);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        MicroBatcher batcher = new MicroBatcher(gated);
        try {
            Future<Prediction> running = pool.submit(() -> batcher.predict(digits.image(0)));
            assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Prediction> queued = pool.submit(() -> batcher.predict(digits.image(1)));
            waitUntil(() -> batcher.waiting() == 1);
            Thread closer = new Thread(batcher::close);
            closer.start();
            // close() waits for the running batch instead of interrupting it ...
            closer.join(200);
            assertThat(closer.isAlive()).isTrue();
            gated.release.countDown();
            closer.join(10_000);
            assertThat(closer.isAlive()).isFalse();

            // ... and answers what was queued before it.
            assertThat(running.get(10, TimeUnit.SECONDS).label()).isEqualTo(model.predict(digits.image(0)).label());
            assertThat(queued.get(10, TimeUnit.SECONDS).label()).isEqualTo(model.predict(digits.image(1)).label());
            assertThatThrownBy(() -> batcher.predict(digits.image(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the batcher is closed");
            assertThat(gated.closed).isFalse();
            // Direct batches still go to the classifier.
            assertThat(batcher.predictBatch(List.of(digits.image(3)))).hasSize(1);
        } finally {
            batcher.close();
            pool.shutdownNow();
        }
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new MicroBatcher(model, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not reached in 10 s");
            Thread.sleep(1);
        }
    }

    /** Passes batches on to a real classifier, except that the first batch waits until released. */
    private static final class GatedClassifier extends Delegating {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

        GatedClassifier(DigitClassifier model) {
            super(model, null);
        }

        @Override
        public List<Prediction> predictBatch(List<float[]> images) {
            batchSizes.add(images.size());
            entered.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return delegate.predictBatch(images);
        }
    }

    private static class Delegating implements DigitClassifier {
        final DigitClassifier delegate;
        private final Function<List<float[]>, List<Prediction>> batch;
        volatile boolean closed;

        Delegating(DigitClassifier delegate, Function<List<float[]>, List<Prediction>> batch) {
            this.delegate = delegate;
            this.batch = batch;
        }

        @Override
        public Prediction predict(float[] pixels) {
            return predictBatch(List.of(pixels)).get(0);
        }

        @Override
        public List<Prediction> predictBatch(List<float[]> images) {
            return batch.apply(images);
        }

        @Override
        public String modelId() {
            return delegate.modelId();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
