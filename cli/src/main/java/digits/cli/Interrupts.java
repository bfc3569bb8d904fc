package digits.cli;

import digits.train.TrainingJob;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C during training: the JVM's shutdown hook asks the job to stop after its current batch and waits while
 * the job saves its checkpoint, so the process exits with everything learned so far on disk.
 */
final class Interrupts {
    private static final long SAVE_TIMEOUT_SECONDS = 120;

    private Interrupts() {}

    static TrainingJob.Outcome run(TrainingJob job) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            job.requestStop();
            try {
                finished.await(SAVE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "digits-train-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return job.run();
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
