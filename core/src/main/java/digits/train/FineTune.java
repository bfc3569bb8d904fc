package digits.train;

import digits.data.Dataset;
import digits.data.MnistFiles;
import digits.model.DigitModel;
import digits.model.ModelDescriptor;

import digits.eval.Evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A few quick epochs that teach a trained model one person's digits: their digits, each repeated a few times, mixed
 * with a sample of MNIST training digits so that the model does not forget the rest, at a low constant learning rate,
 * starting from the model's own weights. Runs through the same {@link TrainingJob} and {@link TrainingLoop} as
 * training from scratch.
 *
 * @param epochs       passes over the mix
 * @param learningRate Adam's rate, constant
 * @param repeats      copies of each of the person's digits in the mix (their weight against the MNIST sample)
 * @param mnistSample  MNIST training digits drawn (by {@code seed}) into the mix
 * @param batchSize    mini-batch size
 * @param seed         the sample, the shuffles
 */
public record FineTune(int epochs, double learningRate, int repeats, int mnistSample, int batchSize, long seed) {
    public static final int DEFAULT_EPOCHS = 3;
    public static final double DEFAULT_LEARNING_RATE = 0.0001;
    public static final int DEFAULT_REPEATS = 2;
    public static final int DEFAULT_MNIST_SAMPLE = 6000;
    public static final int DEFAULT_BATCH_SIZE = 64;
    public static final long DEFAULT_SEED = 42;
    /** Chosen on validation digits only (styled MNIST training digits, the base model's validation split): docs/personal.md. */
    public static final FineTune DEFAULTS = new FineTune(DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_REPEATS,
            DEFAULT_MNIST_SAMPLE, DEFAULT_BATCH_SIZE, DEFAULT_SEED);

    public FineTune {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        if (mnistSample < 0) throw new IllegalArgumentException("MNIST sample must not be negative, got " + mnistSample);
        if (batchSize < 2) throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
    }

    /**
     * What a fine-tune gave.
     *
     * @param outcome the training job's outcome (its descriptor when saved)
     * @param judged  the fine-tuned model's evaluation of each data set given to judge it, in order
     */
    public record Result(TrainingJob.Outcome outcome, List<Evaluation> judged) {}

    /**
     * Fine-tunes {@code base} on {@code personal} (labelled), then evaluates the new model on each of {@code judge}; with
     * {@code saveTo} the model is saved there as {@code digits train} saves one (atomically), named after the base model
     * plus "+personal".
     */
    public Result run(DigitModel base, ModelDescriptor baseDescriptor, Dataset personal, Path saveTo,
                      TrainingListener listener, List<Dataset> judge) {
        if (!personal.hasLabels()) throw new IllegalArgumentException(personal.name() + ": needs labels");
        if (personal.size() == 0) throw new digits.data.InvalidInputException(personal.name() + ": no digits to learn from");
        TrainingRequest request = request(base, personal.name());
        Dataset mix = mix(personal, mnistSample == 0 ? null : MnistFiles.train());
        List<Evaluation> judged = new ArrayList<>();
        TrainingListener judging = new TrainingListener() {
            @Override
            public void onTrainingEnd(DigitModel tuned) {
                for (Dataset d : judge) judged.add(Evaluation.of(d.labels(), tuned.probabilities(d)));
            }
        };
        TrainingJob job = new TrainingJob(request, TrainingData.of(request, mix, null))
                .name(baseDescriptor.name() + "+personal").listener(listener.and(judging)).startFrom(base);
        if (saveTo != null) job.saveTo(saveTo);
        TrainingJob.Outcome outcome = job.run();
        return new Result(outcome, List.copyOf(judged));
    }

    /** A model's evaluation of each data set, in order (the "before" of a fine-tune). */
    public static List<Evaluation> judge(DigitModel model, List<Dataset> judge) {
        return judge.stream().map(d -> Evaluation.of(d.labels(), model.probabilities(d))).toList();
    }

    /** The training request of the fine-tune: the base's network, this record's settings, no validation split. */
    TrainingRequest request(DigitModel base, String input) {
        return TrainingRequest.builder()
                .set(TrainingSettings.MODEL, base.spec().toString())
                .set(TrainingSettings.DESKEW, base.deskews())
                .set(TrainingSettings.INPUT, input)
                .set(TrainingSettings.TEST, "none")
                .set(TrainingSettings.VAL_SPLIT, 0.0)
                .set(TrainingSettings.EPOCHS, epochs)
                .set(TrainingSettings.LEARNING_RATE, learningRate)
                .set(TrainingSettings.SCHEDULE, "constant")
                .set(TrainingSettings.BATCH_SIZE, batchSize)
                .set(TrainingSettings.SEED, seed)
                .build();
    }

    /** {@link #mnistSample} MNIST digits drawn without replacement, then the person's digits {@link #repeats} times. */
    Dataset mix(Dataset personal, Dataset mnist) {
        int sample = mnist == null ? 0 : Math.min(mnistSample, mnist.size());
        int[] order = new int[mnist == null ? 0 : mnist.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Random random = new Random(seed);
        for (int i = 0; i < sample; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Dataset drawn = mnist == null ? new Dataset("mnist-train", new float[0], new int[0])
                : mnist.subset(java.util.Arrays.copyOf(order, sample), sample + " mnist-train");
        return TrainingData.withRepeats(drawn, personal, repeats);
    }

    /**
     * The part of a person's digits kept for judging a fine-tuned model, never trained on: every fifth digit (the 5th,
     * 10th, ...), so it grows with their corrections and covers them from first to last.
     */
    public static boolean heldOut(int index) {
        return index % 5 == 4;
    }

    /** The digits of {@code personal} that {@link #heldOut} keeps ({@code held = true}) or leaves for training. */
    public static Dataset part(Dataset personal, boolean held) {
        int[] picked = java.util.stream.IntStream.range(0, personal.size()).filter(i -> heldOut(i) == held).toArray();
        return personal.subset(picked, personal.name() + (held ? " (held out)" : " (to learn)"));
    }
}
