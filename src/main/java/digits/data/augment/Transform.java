package digits.data.augment;

/**
 * One affine transform of a 28x28 digit: magnify by {@code zoomX}/{@code zoomY} and rotate by
 * {@code rotationDegrees} (counter-clockwise as displayed) about the image centre, then shift by
 * {@code shiftX} pixels right and {@code shiftY} pixels down. Pixels are resampled bilinearly; what comes from
 * outside the image is black (0), which is MNIST's background.
 */
public record Transform(double rotationDegrees, double zoomX, double zoomY, double shiftX, double shiftY) {

    public static final Transform IDENTITY = new Transform(0, 1, 1, 0, 0);

    public Transform {
        if (!Double.isFinite(rotationDegrees) || !Double.isFinite(shiftX) || !Double.isFinite(shiftY)) {
            throw new IllegalArgumentException("transform parameters must be finite: rotation " + rotationDegrees
                    + ", shift " + shiftX + ", " + shiftY);
        }
        if (!(zoomX > 0 && zoomY > 0 && Double.isFinite(zoomX) && Double.isFinite(zoomY))) {
            throw new IllegalArgumentException("zoom factors must be positive: " + zoomX + ", " + zoomY);
        }
    }

    /** Writes the transformed image {@code src[srcOffset..+784)} to {@code dst[dstOffset..+784)}; the ranges must not overlap. */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset) {
        AffineWarp.warp(src, srcOffset, dst, dstOffset, rotationDegrees, zoomX, zoomY, shiftX, shiftY);
    }

    /** A new array holding the transformed 784-pixel image. */
    public float[] apply(float[] image) {
        float[] out = new float[AffineWarp.PIXELS];
        apply(image, 0, out, 0);
        return out;
    }
}
