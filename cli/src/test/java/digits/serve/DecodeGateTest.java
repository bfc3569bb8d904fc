package digits.serve;

import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.ServiceUnavailableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoding lanes with decoders that block until released, so that who waits and who is refused is exact. */
@Timeout(30)
class DecodeGateTest {
    private static final byte[] LARGE = ImageBombs.pngHeaderOnly(2000, 1000); // 2 megapixels: the large lane
    private static final byte[] SMALL = ImageBombs.pngHeaderOnly(280, 280);

    @Test
    void readsDimensionsFromTheHeaderOfEachFormat() {
        assertThat(DecodeGate.dimensions(ImageBombs.pngHeaderOnly(20000, 30000))).containsExactly(20000, 30000);
        assertThat(DecodeGate.dimensions(ImageBombs.jpegClaiming(40000, 300))).containsExactly(40000, 300);
        assertThat(DecodeGate.dimensions(ImageBombs.gifClaiming(65535, 2))).containsExactly(65535, 2);
        assertThat(DecodeGate.dimensions(ImageBombs.bmpClaiming(20000, 20000))).containsExactly(20000, 20000);
        assertThat(DecodeGate.dimensions(ImageBombs.bmpClaiming(50000, 50000))).as("the BMP reader refuses it itself").isNull();
        assertThat(DecodeGate.dimensions("not an image".getBytes())).isNull();
        assertThat(DecodeGate.dimensions(new byte[0])).isNull();
    }

    @Test
    void overTheLimitIsRefusedWithoutCallingTheDecoder() {
        DecodeGate gate = new DecodeGate(1_000_000, 1_000, 2);
        assertThatThrownBy(() -> gate.decode(LARGE, "big.png", () -> {
            throw new AssertionError("decoded");
        })).isInstanceOf(ContentTooLargeResponse.class)
                .hasMessage("big.png: the image is 2000x1000 pixels (2.0 megapixels), more than the limit of 1.0 megapixels");
        assertThat(gate.decode(SMALL, "small.png", () -> "ok")).isEqualTo("ok");
        assertThat(gate.decode("garbage".getBytes(), "garbage", () -> "decoder decides")).isEqualTo("decoder decides");
    }

    @Test
    void largeImagesQueueBoundedlyAndSmallOnesPassThem() throws Exception {
        // Two cores: one large decode at a time, four more may wait (up to 1.5 s), the rest are refused at once.
        DecodeGate gate = new DecodeGate(16_000_000, 1_500, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            List<Future<String>> large = new ArrayList<>();
            large.add(pool.submit(() -> gate.decode(LARGE, "large", () -> {
                firstStarted.countDown();
                await(release);
                return "decoded";
            })));
            assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 4; i++) large.add(pool.submit(() -> gate.decode(LARGE, "large", () -> "decoded")));
            Thread.sleep(200); // let the four reach the queue

            // The sixth: refused at once, not after the wait.
            long start = System.nanoTime();
            assertThatThrownBy(() -> gate.decode(LARGE, "large", () -> "decoded"))
                    .isInstanceOf(ServiceUnavailableResponse.class)
                    .hasMessageStartingWith("the server is busy decoding other large images");
            assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);

            // Small images meanwhile: straight through.
            for (int i = 0; i < 20; i++) assertThat(gate.decode(SMALL, "small", () -> "small ok")).isEqualTo("small ok");
            assertThat(gate.largeDecoding()).isEqualTo(1);

            // The four waiting time out (the first still holds the permit), then the first finishes.
            for (int i = 1; i < 5; i++) {
                Future<String> waiting = large.get(i);
                assertThatThrownBy(waiting::get).hasCauseInstanceOf(ServiceUnavailableResponse.class);
            }
            release.countDown();
            assertThat(large.get(0).get()).isEqualTo("decoded");
            assertThat(gate.largeDecoding()).isZero();
            // And the lane is free again.
            assertThat(gate.decode(LARGE, "large", () -> "again")).isEqualTo("again");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingDecoderGivesItsPermitBack() {
        DecodeGate gate = new DecodeGate(16_000_000, 200, 2);
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> gate.decode(LARGE, "large", () -> {
                throw new IllegalStateException("corrupt");
            })).hasMessage("corrupt");
        }
        assertThat(gate.decode(LARGE, "large", () -> "ok")).isEqualTo("ok");
        assertThat(gate.largeDecoding()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
