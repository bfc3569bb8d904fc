package digits.cli;

import digits.train.TrainingLoop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Ctrl-C during training: the JVM's shutdown hook asks the loop to stop after its current batch and waits while
 * the loop saves its checkpoint, so the process exits with everything learned so far on disk.
 */
final class Interrupts {
    private static final long SAVE_TIMEOUT_SECONDS = 120;

    private Interrupts() {}

    static TrainingLoop.Result run(TrainingLoop loop, Supplier<TrainingLoop.Result> training) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            loop.requestStop();
            try {
                finished.await(SAVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "digits-train-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return training.get();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns as soon as it sees the latch
            }
        }
    }
}
