package digits.data.augment;

import digits.data.render.LowResolution;
import digits.data.render.Strokes;

/**
 * One transform of a 28x28 digit: slant it by {@code shear} (x moves by {@code shear} pixels per pixel above the
 * centre, as handwriting leans), magnify by {@code zoomX}/{@code zoomY} and rotate by {@code rotationDegrees}
 * (counter-clockwise as displayed) about the image centre, then shift by {@code shiftX} pixels right and
 * {@code shiftY} pixels down, and optionally bend it: each output pixel takes its ink from a point moved by a smooth
 * displacement, interpolated bilinearly from a {@value #BEND_GRID}x{@value #BEND_GRID} grid of displacements spread
 * over the image ({@code bend}: x then y displacement of each grid point, row by row, in pixels; null for none), as
 * handwriting varies in stroke shape, the way elastic distortion (Simard et al., 2003) does. Pixels are resampled
 * bilinearly; what comes from outside the image is black (0), which is MNIST's background. Then the pen: {@code pen}
 * 1 makes the strokes one pixel wider ({@link Strokes#bolder}: a marker's strokes, which close small loops and gaps),
 * -1 about half a pixel finer on each side ({@link Strokes#finer}), 0 leaves them.
 * Last, when {@code lowResSide} is not 0, the result is shrunk to {@code lowResSide x lowResSide} pixels and enlarged
 * back ({@link LowResolution#downAndUp}): the blur of a small camera picture or a thumbnail.
 */
public record Transform(double rotationDegrees, double zoomX, double zoomY, double shiftX, double shiftY, double[] bend,
                        int pen, int lowResSide, double shear) {

    /** Grid points per side of a bend: 4, 9 pixels apart, so a stroke bends over about a third of the digit. */
    public static final int BEND_GRID = 4;
    /**
     * The sides a low-resolution blur draws from: they span the 8x8 to 16x16 thumbnails that
     * {@code digits bench --only conditions} measures, and a little below.
     */
    public static final int MIN_LOW_RES_SIDE = 7;
    public static final int MAX_LOW_RES_SIDE = 16;
    public static final Transform IDENTITY = new Transform(0, 1, 1, 0, 0);

    /** An affine transform, no bend, no change of pen, no blur. */
    public Transform(double rotationDegrees, double zoomX, double zoomY, double shiftX, double shiftY) {
        this(rotationDegrees, zoomX, zoomY, shiftX, shiftY, null, 0, 0, 0);
    }

    /** An affine transform and a bend, no change of pen, no blur. */
    public Transform(double rotationDegrees, double zoomX, double zoomY, double shiftX, double shiftY, double[] bend) {
        this(rotationDegrees, zoomX, zoomY, shiftX, shiftY, bend, 0, 0, 0);
    }

    public Transform {
        if (pen < -1 || pen > 1) throw new IllegalArgumentException("the pen is -1 (finer), 0 or 1 (bolder), got " + pen);
        if (lowResSide != 0 && (lowResSide < 1 || lowResSide > AffineWarp.SIDE)) {
            throw new IllegalArgumentException("a low-resolution side is 1-" + AffineWarp.SIDE + " (0 for none), got " + lowResSide);
        }
        if (bend != null && bend.length != 2 * BEND_GRID * BEND_GRID) {
            throw new IllegalArgumentException("a bend has " + 2 * BEND_GRID * BEND_GRID + " values, got " + bend.length);
        }
        if (!Double.isFinite(rotationDegrees) || !Double.isFinite(shiftX) || !Double.isFinite(shiftY) || !Double.isFinite(shear)) {
            throw new IllegalArgumentException("transform parameters must be finite: rotation " + rotationDegrees
                    + ", shift " + shiftX + ", " + shiftY + ", shear " + shear);
        }
        if (!(zoomX > 0 && zoomY > 0 && Double.isFinite(zoomX) && Double.isFinite(zoomY))) {
            throw new IllegalArgumentException("zoom factors must be positive: " + zoomX + ", " + zoomY);
        }
    }

    /** Writes the transformed image {@code src[srcOffset..+784)} to {@code dst[dstOffset..+784)}; the ranges must not overlap. */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset) {
        AffineWarp.warp(src, srcOffset, dst, dstOffset, rotationDegrees, zoomX, zoomY, shear, shiftX, shiftY, bend);
        if (pen > 0) Strokes.bolder(dst, dstOffset);
        if (pen < 0) Strokes.finer(dst, dstOffset);
        if (lowResSide != 0) LowResolution.downAndUp(dst, dstOffset, lowResSide);
    }

    /** A new array holding the transformed 784-pixel image. */
    public float[] apply(float[] image) {
        float[] out = new float[AffineWarp.PIXELS];
        apply(image, 0, out, 0);
        return out;
    }
}
