package digits.model;

import digits.data.Dataset;
import digits.data.augment.Transform;

import java.util.List;

/**
 * Test-time augmentation: a model's probabilities averaged over each image and copies of it ({@link TtaViews}): up to
 * eight shifted by one pixel (right, left, down, up, then the four diagonals), and slightly turned or magnified ones.
 * MNIST digits are centred by their centre of mass and scaled to a 20x20 box, so a digit a pixel off-centre, a little
 * slanted or a little larger is common; averaging over such copies makes the answer less sensitive to that.
 * Integer shifts move pixels exactly (no interpolation); turns and zooms are resampled bilinearly, as in training.
 */
public final class TestTimeAugmentation implements ProbabilityModel {
    public static final int MAX_SHIFTS = TtaViews.MAX_SHIFTS;
    /** (dx, dy): positive dx moves ink right, positive dy moves it down. */
    private static final int[][] SHIFTS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, -1}, {1, -1}, {-1, 1}};
    /**
     * Images per group: the group and its shifted copies go to the model together. Equal to the model's own batch
     * so that with no shifts the model sees exactly the batches it sees without augmentation (identical output).
     */
    private static final int GROUP = DigitModel.DEFAULT_EVAL_BATCH;

    private final ProbabilityModel base;
    private final TtaViews views;
    private final List<Transform> warps;

    private TestTimeAugmentation(ProbabilityModel base, TtaViews views) {
        this.base = base;
        this.views = views;
        this.warps = views.warps();
    }

    /** {@code base} averaged over each image and its first {@code shifts} (0-8) one-pixel shifts; closing it closes base. */
    public static TestTimeAugmentation wrap(ProbabilityModel base, int shifts) {
        return wrap(base, TtaViews.shifts(shifts));
    }

    /** {@code base} averaged over each image and the copies {@code views} names; closing it closes base. */
    public static TestTimeAugmentation wrap(ProbabilityModel base, TtaViews views) {
        return new TestTimeAugmentation(base, views);
    }

    public TtaViews views() {
        return views;
    }

    @Override
    public float[] probabilities(float[] pixels, int count) {
        int shifts = this.views.shifts();
        int views = this.views.copies() + 1;
        float[] out = new float[count * Dataset.CLASSES];
        for (int start = 0; start < count; start += GROUP) {
            int n = Math.min(GROUP, count - start);
            // View-major: all originals, then all copies shifted the first way, and so on.
            float[] batch = new float[views * n * Dataset.PIXELS];
            System.arraycopy(pixels, start * Dataset.PIXELS, batch, 0, n * Dataset.PIXELS);
            for (int v = 1; v < views; v++) {
                for (int i = 0; i < n; i++) {
                    int from = (start + i) * Dataset.PIXELS;
                    int to = (v * n + i) * Dataset.PIXELS;
                    if (v <= shifts) {
                        shift(pixels, from, SHIFTS[v - 1][0], SHIFTS[v - 1][1], batch, to);
                    } else {
                        warps.get(v - 1 - shifts).apply(pixels, from, batch, to);
                    }
                }
            }
            float[] p = base.probabilities(batch, views * n);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < Dataset.CLASSES; c++) {
                    double sum = 0;
                    for (int v = 0; v < views; v++) sum += p[(v * n + i) * Dataset.CLASSES + c];
                    out[(start + i) * Dataset.CLASSES + c] = (float) (sum / views);
                }
            }
        }
        return out;
    }

    /** The {@code index}-th shift applied (0-based), as {dx, dy}. */
    public static int[] offset(int index) {
        return SHIFTS[index].clone();
    }

    /**
     * Copies the 28x28 image at {@code src[srcOffset]} to {@code dst[dstOffset]} moved by (dx, dy) pixels; pixels moved
     * in from outside the image are 0 (background), pixels moved out are dropped.
     */
    public static void shift(float[] src, int srcOffset, int dx, int dy, float[] dst, int dstOffset) {
        int rows = Dataset.ROWS;
        int cols = Dataset.COLS;
        java.util.Arrays.fill(dst, dstOffset, dstOffset + Dataset.PIXELS, 0f);
        int fromCol = Math.max(0, -dx);
        int width = cols - Math.abs(dx);
        if (width <= 0) return;
        for (int y = Math.max(0, dy); y < Math.min(rows, rows + dy); y++) {
            System.arraycopy(src, srcOffset + (y - dy) * cols + fromCol, dst, dstOffset + y * cols + fromCol + dx, width);
        }
    }

    @Override
    public void close() {
        base.close();
    }
}
