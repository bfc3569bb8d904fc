package digits.cli;

import digits.train.EpochStats;
import digits.train.TrainingListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Keras-style training output: a progress bar with ETA while an epoch runs (only on a terminal), then one line per
 * epoch with loss, accuracy, val_loss, val_accuracy, learning rate and seconds.
 */
final class ConsoleProgress implements TrainingListener {
    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar progress;
    private int steps;

    ConsoleProgress(PrintWriter out, boolean showBar) {
        this.out = out;
        this.bar = showBar;
    }

    /** A bar only where a person watches: an interactive terminal. */
    static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int steps) {
        this.steps = steps;
        if (bar) {
            progress = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "Epoch %d/%d", epoch, epochs))
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(250)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true)))
                    .build();
        }
    }

    @Override
    public void onBatch(int step, long images, double loss, double accuracy) {
        if (progress != null) {
            progress.stepTo(step);
            progress.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.4f", loss, accuracy));
        }
    }

    @Override
    public void onEpochEnd(EpochStats s, int epochs) {
        if (progress != null) {
            progress.close();
            progress = null;
        }
        out.println(format(s, epochs, steps));
        out.flush();
    }

    @Override
    public void onMessage(String message) {
        out.println(message);
        out.flush();
    }

    static String format(EpochStats s, int epochs, int steps) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Epoch %d/%d - %d steps - %.1fs - loss: %.4f - accuracy: %.4f",
                s.epoch(), epochs, steps, s.seconds(), s.loss(), s.accuracy()));
        if (!Double.isNaN(s.valLoss())) {
            b.append(String.format(Locale.ROOT, " - val_loss: %.4f - val_accuracy: %.4f", s.valLoss(), s.valAccuracy()));
        }
        b.append(String.format(Locale.ROOT, " - lr: %.2e", s.learningRate()));
        return b.toString();
    }
}
