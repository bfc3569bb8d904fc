package digits.api;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Counts what parallel workers have made of {@code total}; tells {@code progress} every thousand and at the end, one call at a time. */
final class MadeCount {
    private final AtomicInteger made = new AtomicInteger();
    private final int total;
    private final IntConsumer progress;

    MadeCount(int total, IntConsumer progress) {
        this.total = total;
        this.progress = progress;
    }

    /** One more is made. */
    void add() {
        int done = made.incrementAndGet();
        if (done % 1000 == 0 || done == total) {
            synchronized (this) {
                progress.accept(done);
            }
        }
    }
}
