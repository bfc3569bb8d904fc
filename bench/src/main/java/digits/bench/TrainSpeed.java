package digits.bench;

import digits.data.Dataset;
import digits.model.FlopCounter;
import digits.model.ModelSpec;
import digits.model.ModelSummary;
import digits.train.TrainingListener;
import digits.train.TrainingData;
import digits.train.TrainingJob;

/**
 * Training throughput of one model through the real {@link TrainingJob}: one epoch of exactly
 * {@code warmupSteps + steps} mini-batches of real MNIST images, timing only the last {@code steps}
 * (from the end of the last warm-up step to the end of the last step, so every overhead of the loop is included).
 */
public final class TrainSpeed {
    private TrainSpeed() {}

    /**
     * @param forwardFlops     per image, by {@link FlopCounter}
     * @param trainingFlops    per image: {@link FlopCounter#TRAINING_FACTOR} x forward
     * @param gflops           trainingFlops x images/s
     * @param percentOfMeasuredPeak    gflops / the matmul peak (null when no peak was measured)
     * @param percentOfTheoreticalPeak gflops / cores x FLOP/cycle x clock (null when the clock is unknown)
     */
    public record Result(String model, String spec, long parameters, int batchSize, int warmupSteps, int steps, double seconds,
                         double imagesPerSecond, double msPerStep, long forwardFlops, long trainingFlops, double gflops,
                         Double percentOfMeasuredPeak, Double percentOfTheoreticalPeak) {

        public Result withPeaks(Double measuredGflops, Double theoreticalGflops) {
            return new Result(model, spec, parameters, batchSize, warmupSteps, steps, seconds, imagesPerSecond, msPerStep,
                    forwardFlops, trainingFlops, gflops, percent(gflops, measuredGflops), percent(gflops, theoreticalGflops));
        }

        private static Double percent(double value, Double of) {
            return of == null || of <= 0 ? null : 100 * value / of;
        }
    }

    /**
     * Refuses step counts that {@code available} training images cannot fill (before anything is measured, too);
     * returns the images the steps take.
     */
    public static int checkFits(int warmupSteps, int steps, int batchSize, int available) {
        if (steps < 1 || warmupSteps < 1) {
            throw new IllegalArgumentException("train-speed needs at least 1 warm-up step and 1 timed step");
        }
        long images = (long) (warmupSteps + steps) * batchSize;
        if (available < images) {
            throw new IllegalArgumentException("train-speed needs " + images + " training images for " + (warmupSteps + steps)
                    + " steps of " + batchSize + ", the data has " + available);
        }
        return (int) images;
    }

    /**
     * Trains {@code model} (a {@code --model} value) with train's default options for {@code warmupSteps + steps} batches
     * of the first images of {@code train}.
     */
    public static Result measure(String model, Dataset train, int batchSize, int warmupSteps, int steps) {
        Recipe recipe = Recipe.parse("model=" + model + ",epochs=1,val-split=0,batch-size=" + batchSize);
        ModelSpec spec = recipe.spec();
        int images = checkFits(warmupSteps, steps, batchSize, train.size());
        long[] marks = new long[2];
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onBatch(int step, long seen, double loss, double accuracy) {
                if (step == warmupSteps) marks[0] = System.nanoTime();
                if (step == warmupSteps + steps) marks[1] = System.nanoTime();
            }
        };
        new TrainingJob(recipe.request(), TrainingData.of(recipe.request(), train.head(images), null)).listener(timer).run();
        if (marks[1] == 0) throw new IllegalStateException("the training loop ran fewer than " + (warmupSteps + steps) + " steps");
        double seconds = (marks[1] - marks[0]) / 1e9;
        double imagesPerSecond = (double) steps * batchSize / seconds;
        FlopCounter.Count flops = FlopCounter.of(spec);
        return new Result(model, spec.toString(), ModelSummary.of(spec).totalParams(), batchSize, warmupSteps, steps,
                seconds, imagesPerSecond, 1e3 * seconds / steps, flops.forwardFlops(), flops.trainingFlops(),
                flops.trainingFlops() * imagesPerSecond / 1e9, null, null);
    }
}
