package digits.data.augment;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random augmentation of single digits: each call draws one {@link Transform} from the {@link AugmentOptions}
 * ranges and applies it. Thread-safe (it holds no mutable state); the caller owns the random source, which
 * makes results reproducible: see {@link #random(long, int, int)}.
 *
 * <p>Not final so tests can inject a failing augmenter into the pipeline.
 */
public class Augmenter {
    private final AugmentOptions options;

    public Augmenter(AugmentOptions options) {
        this.options = Objects.requireNonNull(options);
    }

    public AugmentOptions options() {
        return options;
    }

    /**
     * Augments {@code src[srcOffset..+784)} into {@code dst[dstOffset..+784)} with one transform drawn from
     * {@code random} (five numbers, 32 more for an elastic bend, one each for bolder and finer strokes, two for a low-resolution blur and one for a slant).
     */
    public void augment(float[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom random) {
        sample(random).apply(src, srcOffset, dst, dstOffset);
    }

    /** The transform {@link #augment} would apply with the same random state (for previews and tests). */
    public Transform sample(SplittableRandom random) {
        double rotation = draw(random, options.rotation());
        double zoomX = 1 + draw(random, options.zoom());
        double zoomY = 1 + draw(random, options.zoom());
        double shiftX = draw(random, options.widthShift()) * AffineWarp.SIDE;
        double shiftY = draw(random, options.heightShift()) * AffineWarp.SIDE;
        double[] bend = null;
        if (options.elastic() > 0) { // drawn only when asked, so streams without it are as before
            bend = new double[2 * Transform.BEND_GRID * Transform.BEND_GRID];
            for (int i = 0; i < bend.length; i++) bend[i] = draw(random, options.elastic());
        }
        // likewise drawn only when asked; a digit drawn both bolder and finer is left as it is
        int pen = 0;
        if (options.bold() > 0 && random.nextDouble() < options.bold()) pen++;
        if (options.thin() > 0 && random.nextDouble() < options.thin()) pen--;
        int lowResSide = 0;
        if (options.lowRes() > 0) { // likewise drawn only when asked
            boolean blur = random.nextDouble() < options.lowRes();
            int side = Transform.MIN_LOW_RES_SIDE + random.nextInt(Transform.MAX_LOW_RES_SIDE - Transform.MIN_LOW_RES_SIDE + 1);
            if (blur) lowResSide = side;
        }
        double shear = options.shear() > 0 ? draw(random, options.shear()) : 0; // likewise
        return new Transform(rotation, zoomX, zoomY, shiftX, shiftY, bend, pen, lowResSide, shear);
    }

    /** Uniform in [-range, range]; always consumes one number so a zero range leaves the other draws unchanged. */
    private static double draw(SplittableRandom random, double range) {
        double u = random.nextDouble();
        return range == 0 ? 0 : (2 * u - 1) * range;
    }

    /**
     * The random source for one batch, a function of (seed, epoch, batch) only, so augmented batches are the
     * same whichever thread prepares them and in whatever order.
     */
    public static SplittableRandom random(long seed, int epoch, int batch) {
        long h = mix(seed ^ 0x5DEECE66DL);
        h = mix(h + 0x9E3779B97F4A7C15L * (epoch + 1L));
        h = mix(h + 0xC2B2AE3D27D4EB4FL * (batch + 1L));
        return new SplittableRandom(h);
    }

    /** SplitMix64's finaliser: nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
