package digits.data.augment;

import digits.data.Dataset;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class BatchPipelineTest {
    private static final Dataset DATA = MnistFiles.test().head(1000);
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Every batch's pixels, concatenated, in delivery order. */
    private static float[] collect(int[] order, int batchSize, Augmenter augmenter, long seed, int epoch, int workers, int depth) {
        float[] all = new float[order.length * Dataset.PIXELS];
        try (BatchPipeline p = BatchPipeline.start(DATA, order, batchSize, augmenter, seed, epoch, workers, depth)) {
            int at = 0;
            while (p.hasNext()) {
                Batch b = p.next();
                System.arraycopy(b.pixels(), 0, all, at, b.size() * Dataset.PIXELS);
                at += b.size() * Dataset.PIXELS;
                b.release();
            }
            assertThat(at).isEqualTo(all.length);
        }
        return all;
    }

    /** A deskewing model's batches: each image straightened last, after its augmentation (the model reads them so). */
    @Test
    void straighteningComesLastAfterAugmentation() {
        int[] order = shuffled(300, 5);
        Augmenter augmenter = new Augmenter(AugmentOptions.parse("default,elastic=1.5"));
        for (Augmenter each : new Augmenter[]{null, augmenter}) {
            try (BatchPipeline p = BatchPipeline.start(DATA, order, 128, each, true, 7, 2)) {
                float[] augmented = new float[Dataset.PIXELS];
                float[] expected = new float[Dataset.PIXELS];
                for (int batch = 0; p.hasNext(); batch++) {
                    Batch b = p.next();
                    SplittableRandom random = Augmenter.random(7, 2, batch);
                    for (int i = 0; i < b.size(); i++) {
                        int image = order[batch * 128 + i];
                        if (each == null) {
                            System.arraycopy(DATA.pixels(), image * Dataset.PIXELS, augmented, 0, Dataset.PIXELS);
                        } else {
                            each.augment(DATA.pixels(), image * Dataset.PIXELS, augmented, 0, random);
                        }
                        digits.data.Deskew.straighten(augmented, 0, expected, 0);
                        assertThat(Arrays.copyOfRange(b.pixels(), i * Dataset.PIXELS, (i + 1) * Dataset.PIXELS))
                                .as("batch %d image %d", batch, i).isEqualTo(expected).isNotEqualTo(augmented);
                    }
                    b.release();
                }
            }
        }
    }

    @Test
    void deliversEveryIndexOfTheOrderOnceInOrderWithItsLabel() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int[] order = shuffled(1000, 1);
            for (int workers = 1; workers <= 3; workers++) {
                try (BatchPipeline p = BatchPipeline.start(DATA, order, 64, null, 0, 1, workers, 2)) {
                    assertThat(p.batches()).isEqualTo(16);
                    int position = 0;
                    List<Integer> sizes = new ArrayList<>();
                    while (p.hasNext()) {
                        Batch b = p.next();
                        assertThat(b.index()).isEqualTo(sizes.size());
                        sizes.add(b.size());
                        for (int i = 0; i < b.size(); i++, position++) {
                            int image = order[position];
                            assertThat(b.labels()[i]).isEqualTo(DATA.label(image));
                            assertThat(Arrays.copyOfRange(b.pixels(), i * Dataset.PIXELS, (i + 1) * Dataset.PIXELS))
                                    .isEqualTo(DATA.image(image));
                        }
                        FloatBuffer direct = b.pixelBuffer().asFloatBuffer();
                        assertThat(direct.remaining()).isEqualTo(b.size() * Dataset.PIXELS);
                        float[] copy = new float[direct.remaining()];
                        direct.get(copy);
                        assertThat(copy).isEqualTo(Arrays.copyOf(b.pixels(), copy.length));
                        b.release();
                    }
                    assertThat(position).isEqualTo(1000);
                    assertThat(sizes).hasSize(16).endsWith(1000 - 15 * 64);
                    assertThatThrownBy(p::next).isInstanceOf(NoSuchElementException.class);
                }
            }
        });
    }

    @Test
    void augmentedBatchesAreTheSameForAnyNumberOfWorkers() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int[] order = shuffled(1000, 2);
            Augmenter augmenter = new Augmenter(AugmentOptions.DEFAULTS);
            float[] one = collect(order, 100, augmenter, 7, 3, 1, 1);
            assertThat(collect(order, 100, augmenter, 7, 3, 2, 3)).isEqualTo(one);
            assertThat(collect(order, 100, augmenter, 7, 3, 3, 4)).isEqualTo(one);
            // batch b is image after image with random(seed, epoch, b)
            for (int b : new int[] {0, 9}) {
                SplittableRandom random = Augmenter.random(7, 3, b);
                float[] out = new float[Dataset.PIXELS];
                for (int i = 0; i < 100; i++) {
                    int position = b * 100 + i;
                    augmenter.augment(DATA.pixels(), order[position] * Dataset.PIXELS, out, 0, random);
                    assertThat(Arrays.copyOfRange(one, position * Dataset.PIXELS, (position + 1) * Dataset.PIXELS))
                            .isEqualTo(out);
                }
            }
            assertThat(collect(order, 100, augmenter, 7, 4, 1, 2)).isNotEqualTo(one);
            assertThat(collect(order, 100, augmenter, 8, 3, 1, 2)).isNotEqualTo(one);
            assertThat(collect(order, 100, null, 7, 3, 1, 2)).isNotEqualTo(one);
        });
    }

    @Test
    void theCallerMayReshuffleItsOrderWhileThePipelineRuns() {
        assertTimeoutPreemptively(LIMIT, () -> {
            int[] order = shuffled(1000, 3);
            int[] original = order.clone();
            try (BatchPipeline p = BatchPipeline.start(DATA, order, 500, null, 0, 1)) {
                Arrays.fill(order, 0);
                Batch first = p.next();
                assertThat(first.labels()[1]).isEqualTo(DATA.label(original[1]));
                first.release();
                Batch second = p.next();
                assertThat(second.labels()[499]).isEqualTo(DATA.label(original[999]));
                second.release();
            }
        });
    }

    @Test
    void closingEarlyStopsTheWorkers() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Dataset all = MnistFiles.test();
            int[] order = shuffled(all.size(), 4);
            Augmenter augmenter = new Augmenter(AugmentOptions.DEFAULTS);
            BatchPipeline p = BatchPipeline.start(all, order, 128, augmenter, 1, 1, 2, 3);
            Batch b = p.next();
            b.release();
            Batch held = p.next(); // still lent out when the consumer gives up
            p.close();
            assertThat(p.liveWorkers()).isZero();
            assertThat(held.size()).isEqualTo(128);
            p.close(); // idempotent
            assertThatThrownBy(p::next).isInstanceOf(IllegalStateException.class).hasMessage("batch pipeline is closed");

            BatchPipeline untouched = BatchPipeline.start(all, order, 128, augmenter, 1, 1, 2, 3);
            untouched.close();
            assertThat(untouched.liveWorkers()).isZero();
        });
    }

    @Test
    void workersExitOnTheirOwnAtTheEndOfTheEpoch() {
        assertTimeoutPreemptively(LIMIT, () -> {
            BatchPipeline p = BatchPipeline.start(DATA, shuffled(1000, 5), 300, null, 0, 1, 3, 2);
            while (p.hasNext()) p.next().release();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (p.liveWorkers() > 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(p.liveWorkers()).isZero();
            p.close();
        });
    }

    @Test
    void aWorkersExceptionSurfacesInNext() {
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicInteger calls = new AtomicInteger();
            Augmenter failing = new Augmenter(AugmentOptions.DEFAULTS) {
                @Override
                public void augment(float[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom random) {
                    if (calls.incrementAndGet() == 250) throw new ArithmeticException("broken on image 250");
                    super.augment(src, srcOffset, dst, dstOffset, random);
                }
            };
            try (BatchPipeline p = BatchPipeline.start(DATA, shuffled(1000, 6), 100, failing, 0, 1, 1, 2)) {
                p.next().release();
                p.next().release();
                assertThatThrownBy(p::next).isInstanceOf(ArithmeticException.class).hasMessage("broken on image 250");
                assertThatThrownBy(p::next).isInstanceOf(ArithmeticException.class); // stays failed
            }
        });
    }

    @Test
    void takingMoreBatchesThanBuffersFailsInsteadOfHanging() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BatchPipeline p = BatchPipeline.start(DATA, shuffled(1000, 7), 100, null, 0, 1, 1, 1)) {
                Batch a = p.next();
                Batch b = p.next();
                assertThatThrownBy(p::next).isInstanceOf(IllegalStateException.class)
                        .hasMessage("all 2 batch buffers are lent out: release() a batch before taking the next");
                a.release();
                assertThatThrownBy(a::release).isInstanceOf(IllegalStateException.class)
                        .hasMessage("batch released twice: a batch must not be used after release()");
                assertThat(p.next().index()).isEqualTo(2);
                b.release();
            }
        });
    }

    @Test
    void anInterruptedConsumerIsCancelledAndKeepsItsInterruptFlag() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Augmenter slow = new Augmenter(AugmentOptions.DEFAULTS) {
                @Override
                public void augment(float[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom random) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.augment(src, srcOffset, dst, dstOffset, random);
                }
            };
            BatchPipeline p = BatchPipeline.start(DATA, shuffled(1000, 8), 100, slow, 0, 1, 1, 2);
            Thread consumer = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ignored) {
                    return;
                }
                consumer.interrupt();
            });
            interrupter.start();
            try {
                assertThatThrownBy(p::next).isInstanceOf(CancellationException.class)
                        .hasMessage("interrupted while waiting for batch 0");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
                p.close();
                assertThat(p.liveWorkers()).isZero();
                assertThat(Thread.interrupted()).isTrue(); // close() kept the flag too; this clears it
            } finally {
                interrupter.join();
            }
        });
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> BatchPipeline.start(DATA, new int[] {0, 1000}, 10, null, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("order[1] = 1000 is not an index of mnist-test (1000 images)");
        assertThatThrownBy(() -> BatchPipeline.start(DATA, new int[] {0}, 0, null, 0, 1))
                .hasMessage("batch size must be >= 1, got 0");
        assertThatThrownBy(() -> BatchPipeline.start(DATA, new int[] {0}, 1, null, 0, 1, 0, 1))
                .hasMessage("workers must be >= 1, got 0");
        assertThatThrownBy(() -> BatchPipeline.start(DATA, new int[] {0}, 1, null, 0, 1, 1, 0))
                .hasMessage("depth must be >= 1, got 0");
    }

    @Test
    void anEmptyOrderHasNoBatches() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (BatchPipeline p = BatchPipeline.start(DATA, new int[0], 32, null, 0, 1)) {
                assertThat(p.batches()).isZero();
                assertThat(p.hasNext()).isFalse();
            }
        });
    }
}
