package digits.data.augment;

import digits.data.Dataset;
import digits.data.MnistFiles;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static digits.testing.DigitImages.correlation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Geometry of augmentation, measured on real MNIST test digits. */
class AugmenterTest {
    private static final Dataset TEST = MnistFiles.test();
    private static final double C = 13.5;

    /** Ink mass, centre of mass and second central moments (per unit mass) of an image; y points down. */
    record Moments(double mass, double cx, double cy, double xx, double yy, double xy) {
        static Moments of(float[] img) {
            double m = 0, sx = 0, sy = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    double v = img[y * 28 + x];
                    m += v;
                    sx += v * x;
                    sy += v * y;
                }
            }
            double cx = sx / m, cy = sy / m, xx = 0, yy = 0, xy = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    double v = img[y * 28 + x];
                    xx += v * (x - cx) * (x - cx);
                    yy += v * (y - cy) * (y - cy);
                    xy += v * (x - cx) * (y - cy);
                }
            }
            return new Moments(m, cx, cy, xx / m, yy / m, xy / m);
        }

        /** Direction of the principal axis in degrees, y down (so a counter-clockwise turn on screen lowers it). */
        double axisDegrees() {
            return Math.toDegrees(0.5 * Math.atan2(2 * xy, xx - yy));
        }
    }

    /** First test image of each label 0-9. */
    private static int[] oneOfEachDigit() {
        int[] found = new int[10];
        java.util.Arrays.fill(found, -1);
        for (int i = 0, left = 10; left > 0; i++) {
            if (found[TEST.label(i)] < 0) {
                found[TEST.label(i)] = i;
                left--;
            }
        }
        return found;
    }

    private static int firstWithLabel(int label) {
        for (int i = 0; ; i++) if (TEST.label(i) == label) return i;
    }

    @Test
    void identityReproducesTheInputExactly() {
        Augmenter none = new Augmenter(AugmentOptions.NONE);
        SplittableRandom random = new SplittableRandom(3);
        float[] out = new float[Dataset.PIXELS];
        for (int i = 0; i < 200; i++) {
            float[] img = TEST.image(i);
            assertThat(Transform.IDENTITY.apply(img)).isEqualTo(img);
            none.augment(TEST.pixels(), i * Dataset.PIXELS, out, 0, random);
            assertThat(out).isEqualTo(img);
        }
    }

    @Test
    void tenPercentWidthShiftMovesTheCentreOfMass2point8PixelsRight() {
        int checked = 0;
        for (int i : oneOfEachDigit()) {
            float[] img = TEST.image(i);
            if (rightmostInk(img) > 24) continue; // ink pushed past the edge is cut off (next test)
            Moments before = Moments.of(img);
            Moments after = Moments.of(new Transform(0, 1, 1, 0.1 * 28, 0).apply(img));
            String digit = "digit " + TEST.label(i);
            assertThat(after.cx() - before.cx()).as(digit).isCloseTo(2.8, within(0.3));
            assertThat(after.cy() - before.cy()).as(digit).isCloseTo(0, within(0.05));
            assertThat(after.mass()).as(digit).isCloseTo(before.mass(), within(before.mass() * 0.001));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    @Test
    void inkShiftedPastTheEdgeIsCutOffNotWrappedAround() {
        float[] two = TEST.image(1); // a "2" whose stroke reaches column 26
        assertThat(TEST.label(1)).isEqualTo(2);
        assertThat(rightmostInk(two)).isEqualTo(26);
        double beyond = 0; // ink that lands right of column 27 after a 2.8 px shift, in bilinear terms
        for (int y = 0; y < 28; y++) for (int x = 25; x < 28; x++) beyond += two[y * 28 + x] * Math.min(1, x + 2.8 - 27);
        float[] shifted = new Transform(0, 1, 1, 2.8, 0).apply(two);
        assertThat(Moments.of(two).mass() - Moments.of(shifted).mass()).isCloseTo(beyond, within(0.05));
        for (int y = 0; y < 28; y++) for (int x = 0; x < 2; x++) assertThat(shifted[y * 28 + x]).isZero();
    }

    private static int rightmostInk(float[] img) {
        int right = -1;
        for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) if (img[y * 28 + x] > 0) right = Math.max(right, x);
        return right;
    }

    @Test
    void heightShiftMovesTheCentreOfMassVertically() {
        float[] img = TEST.image(firstWithLabel(3));
        Moments before = Moments.of(img);
        Moments after = Moments.of(new Transform(0, 1, 1, 0, -0.1 * 28).apply(img));
        assertThat(after.cy() - before.cy()).isCloseTo(-2.8, within(0.3));
        assertThat(after.cx() - before.cx()).isCloseTo(0, within(0.05));
    }

    @Test
    void ninetyDegreesTurnsTheDigitCounterClockwisePixelForPixel() {
        // Counter-clockwise on screen: the pixel at (x, y) lands at (y, 27 - x).
        float[] img = TEST.image(firstWithLabel(7));
        float[] turned = new Transform(90, 1, 1, 0, 0).apply(img);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertThat(turned[(27 - x) * 28 + y]).as("(%d,%d)", x, y).isCloseTo(img[y * 28 + x], within(1e-5f));
            }
        }
    }

    @Test
    void tenDegreesMovesAnOffCentreBlobAlongTheCircle() {
        // Keep only the right part of a real "4": its ink sits well right of the centre.
        float[] blob = TEST.image(firstWithLabel(4));
        for (int y = 0; y < 28; y++) for (int x = 0; x < 17; x++) blob[y * 28 + x] = 0;
        Moments before = Moments.of(blob);
        Moments after = Moments.of(new Transform(10, 1, 1, 0, 0).apply(blob));
        double t = Math.toRadians(10);
        double dx = before.cx() - C, dy = before.cy() - C;
        // out = c + R (in - c), R = [[cos, sin], [-sin, cos]] with y down
        double ex = C + Math.cos(t) * dx + Math.sin(t) * dy;
        double ey = C - Math.sin(t) * dx + Math.cos(t) * dy;
        assertThat(Math.hypot(dx, dy)).isGreaterThan(4); // far enough out for the turn to move it ~0.7 px
        assertThat(after.cx()).isCloseTo(ex, within(0.15));
        assertThat(after.cy()).isCloseTo(ey, within(0.15));
        assertThat(after.cy()).isLessThan(before.cy() - 0.5); // a point right of centre moves up
    }

    @Test
    void tenDegreesTurnsThePrincipalAxisOfAOne() {
        float[] one = TEST.image(firstWithLabel(1));
        Moments before = Moments.of(one);
        Moments after = Moments.of(new Transform(10, 1, 1, 0, 0).apply(one));
        Moments back = Moments.of(new Transform(-10, 1, 1, 0, 0).apply(one));
        assertThat(after.axisDegrees() - before.axisDegrees()).isCloseTo(-10, within(1.0));
        assertThat(back.axisDegrees() - before.axisDegrees()).isCloseTo(10, within(1.0));
        assertThat(after.cx()).isCloseTo(before.cx(), within(0.5)); // a centred digit turns about itself
    }

    @Test
    void zoomScalesTheInkSpreadBySquareOfTheFactor() {
        for (int i : oneOfEachDigit()) {
            float[] img = TEST.image(i);
            Moments before = Moments.of(img);
            Moments both = Moments.of(new Transform(0, 1.1, 1.1, 0, 0).apply(img));
            String digit = "digit " + TEST.label(i);
            assertScaled(digit + " x", both.xx(), before.xx(), 1.21);
            assertScaled(digit + " y", both.yy(), before.yy(), 1.21);
            assertThat(both.mass() / before.mass()).as(digit).isCloseTo(1.21, within(0.03));
            Moments wide = Moments.of(new Transform(0, 1.1, 1, 0, 0).apply(img));
            assertScaled(digit + " x", wide.xx(), before.xx(), 1.21);
            assertScaled(digit + " y", wide.yy(), before.yy(), 1.0);
            Moments small = Moments.of(new Transform(0, 0.9, 0.9, 0, 0).apply(img));
            assertScaled(digit + " y", small.yy(), before.yy(), 0.81);
        }
    }

    /**
     * Variance scaled by {@code s2} within 3.5%, plus up to s2/6 px²: bilinear resampling at fractional positions
     * blurs by a tent of variance up to 1/6 px², which matters only for thin strokes (the x-spread of a "1").
     */
    private static void assertScaled(String what, double after, double before, double s2) {
        assertThat(after).as(what).isBetween(s2 * before * 0.965, s2 * before * 1.035 + s2 / 6);
    }

    @Test
    void matchesAStraightforwardBilinearResamplerOnRandomTransforms() {
        Augmenter augmenter = new Augmenter(new AugmentOptions(40, 0.3, 0.2, 0.2));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            float[] img = TEST.image(i);
            Transform t = augmenter.sample(random);
            float[] expected = reference(img, t);
            float[] actual = t.apply(img);
            double worst = 0;
            for (int k = 0; k < actual.length; k++) worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
            assertThat(worst).as("%s", t).isLessThan(1e-5);
        }
    }

    /** Builds the forward matrix, inverts it generically and samples with Math.floor: independent of the fast path. */
    private static float[] reference(float[] img, Transform t) {
        double th = Math.toRadians(t.rotationDegrees());
        double f00 = Math.cos(th) * t.zoomX(), f01 = Math.sin(th) * t.zoomY();
        double f10 = -Math.sin(th) * t.zoomX(), f11 = Math.cos(th) * t.zoomY();
        double det = f00 * f11 - f01 * f10;
        double i00 = f11 / det, i01 = -f01 / det, i10 = -f10 / det, i11 = f00 / det;
        float[] out = new float[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double u = x - C - t.shiftX(), v = y - C - t.shiftY();
                double sx = C + i00 * u + i01 * v, sy = C + i10 * u + i11 * v;
                int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
                double fx = sx - x0, fy = sy - y0;
                out[y * 28 + x] = (float) ((1 - fx) * (1 - fy) * px(img, x0, y0) + fx * (1 - fy) * px(img, x0 + 1, y0)
                        + (1 - fx) * fy * px(img, x0, y0 + 1) + fx * fy * px(img, x0 + 1, y0 + 1));
            }
        }
        return out;
    }

    private static double px(float[] img, int x, int y) {
        return x < 0 || y < 0 || x > 27 || y > 27 ? 0 : img[y * 28 + x];
    }

    @Test
    void valuesStayInZeroOne() {
        Augmenter strong = new Augmenter(new AugmentOptions(180, 0.9, 0.5, 0.5));
        Augmenter usual = new Augmenter(AugmentOptions.DEFAULTS);
        SplittableRandom random = new SplittableRandom(5);
        float[] out = new float[Dataset.PIXELS];
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (int i = 0; i < 2000; i++) {
            (i % 2 == 0 ? strong : usual).augment(TEST.pixels(), i * Dataset.PIXELS, out, 0, random);
            for (float v : out) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isBetween(0.99f, 1f);
    }

    @Test
    void drawsUniformlyWithinTheRangesAndNeverFlips() {
        Augmenter augmenter = new Augmenter(AugmentOptions.DEFAULTS);
        SplittableRandom random = new SplittableRandom(7);
        int n = 20_000;
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        double[] sum = new double[5];
        double zoomCorrelation = 0;
        for (int i = 0; i < n; i++) {
            Transform t = augmenter.sample(random);
            double[] v = {t.rotationDegrees(), t.zoomX(), t.zoomY(), t.shiftX(), t.shiftY()};
            for (int k = 0; k < 5; k++) {
                lo[k] = Math.min(lo[k], v[k]);
                hi[k] = Math.max(hi[k], v[k]);
                sum[k] += v[k];
            }
            zoomCorrelation += (t.zoomX() - 1) * (t.zoomY() - 1);
            // a flip would need a negative zoom: the linear part keeps its orientation (determinant > 0)
            assertThat(t.zoomX() * t.zoomY()).isPositive();
        }
        double[] lower = {-10, 0.9, 0.9, -2.8, -2.8};
        double[] upper = {10, 1.1, 1.1, 2.8, 2.8};
        double[] mean = {0, 1, 1, 0, 0};
        for (int k = 0; k < 5; k++) {
            double range = upper[k] - lower[k];
            assertThat(lo[k]).isBetween(lower[k], lower[k] + range * 0.001);
            assertThat(hi[k]).isBetween(upper[k] - range * 0.001, upper[k]);
            assertThat(sum[k] / n).isCloseTo(mean[k], within(range * 0.01));
        }
        // zoom x and y are drawn independently (variance of each is 0.01/3; their covariance ~0)
        assertThat(zoomCorrelation / n).isCloseTo(0, within(0.0002));
    }

    @Test
    void smallTransformsKeepTheDigitRecognisableAndUnmirrored() {
        Augmenter small = new Augmenter(new AugmentOptions(5, 0.05, 0.02, 0.02));
        SplittableRandom random = new SplittableRandom(9);
        int asymmetric = 0;
        for (int i = 0; i < 500; i++) {
            float[] img = TEST.image(i);
            float[] out = new float[Dataset.PIXELS];
            small.augment(TEST.pixels(), i * Dataset.PIXELS, out, 0, random);
            double same = correlation(out, img);
            assertThat(same).as("image %d", i).isGreaterThan(0.6);
            float[] mirror = new float[Dataset.PIXELS];
            for (int y = 0; y < 28; y++) for (int x = 0; x < 28; x++) mirror[y * 28 + x] = img[y * 28 + 27 - x];
            if (correlation(mirror, img) < 0.5) { // for digits unlike their mirror image, the result must be the unmirrored one
                asymmetric++;
                assertThat(same).as("image %d", i).isGreaterThan(correlation(out, mirror) + 0.05);
            }
        }
        assertThat(asymmetric).isGreaterThan(300);
    }

    @Test
    void augmentAppliesTheTransformThatSampleDraws() {
        Augmenter augmenter = new Augmenter(AugmentOptions.DEFAULTS);
        SplittableRandom a = Augmenter.random(42, 3, 17);
        SplittableRandom b = Augmenter.random(42, 3, 17);
        float[] out = new float[Dataset.PIXELS];
        for (int i = 0; i < 50; i++) {
            augmenter.augment(TEST.pixels(), i * Dataset.PIXELS, out, 0, a);
            assertThat(out).isEqualTo(augmenter.sample(b).apply(TEST.image(i)));
        }
    }

    @Test
    void aBendThatMovesEveryGridPointAlikeIsAShift() {
        double[] bend = new double[2 * Transform.BEND_GRID * Transform.BEND_GRID];
        for (int i = 0; i < bend.length; i += 2) {
            bend[i] = -2;    // each pixel takes its ink from 2 pixels to the left: the ink moves right
            bend[i + 1] = 1; // and from 1 pixel below: the ink moves up
        }
        for (int i = 0; i < 20; i++) {
            float[] img = TEST.image(i);
            assertThat(new Transform(0, 1, 1, 0, 0, bend).apply(img)).isEqualTo(new Transform(0, 1, 1, 2, -1).apply(img));
        }
    }

    @Test
    void elasticBendsStrokesButKeepsTheDigitInPlace() {
        Augmenter elastic = new Augmenter(AugmentOptions.parse("none,elastic=2"));
        SplittableRandom random = new SplittableRandom(5);
        double similarity = 0;
        double massRatio = 0;
        for (int i = 0; i < 300; i++) {
            float[] img = TEST.image(i);
            Transform t = elastic.sample(random);
            assertThat(t.rotationDegrees()).isZero();
            for (double d : t.bend()) assertThat(d).isBetween(-2.0, 2.0);
            float[] out = t.apply(img);
            Moments before = Moments.of(img);
            Moments after = Moments.of(out);
            // A smooth displacement of at most 2 px: strokes stretched or squeezed by up to 4 px per 9 px change the ink
            // by at most that much, on average not at all; the centre moves less than the largest displacement.
            assertThat(after.mass()).as("image %d", i).isCloseTo(before.mass(), within(0.45 * before.mass()));
            massRatio += after.mass() / before.mass();
            assertThat(Math.hypot(after.cx() - before.cx(), after.cy() - before.cy())).as("image %d", i).isLessThan(2.0);
            similarity += correlation(out, img);
        }
        similarity /= 300;
        assertThat(similarity).as("bent, yet the same digit").isBetween(0.6, 0.97);
        assertThat(massRatio / 300).as("ink kept on average").isCloseTo(1.0, within(0.03));
    }

    @Test
    void elasticDrawsOnlyWhenAskedSoOtherStreamsStayAsTheyWere() {
        assertThat(AugmentOptions.DEFAULTS.elastic()).isZero();
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        assertThat(new Augmenter(AugmentOptions.DEFAULTS).sample(a).bend()).isNull();
        for (int i = 0; i < 5; i++) b.nextDouble(); // the affine draws
        assertThat(a.nextLong()).isEqualTo(b.nextLong());
        assertThatThrownBy(() -> new Transform(0, 1, 1, 0, 0, new double[3])).hasMessage("a bend has 32 values, got 3");
    }

    @Test
    void batchRandomDependsOnlyOnSeedEpochAndBatch() {
        assertThat(Augmenter.random(1, 2, 3).nextLong()).isEqualTo(Augmenter.random(1, 2, 3).nextLong());
        long base = Augmenter.random(1, 2, 3).nextLong();
        assertThat(Augmenter.random(2, 2, 3).nextLong()).isNotEqualTo(base);
        assertThat(Augmenter.random(1, 3, 3).nextLong()).isNotEqualTo(base);
        assertThat(Augmenter.random(1, 2, 4).nextLong()).isNotEqualTo(base);
        assertThat(Augmenter.random(1, 3, 2).nextLong()).isNotEqualTo(Augmenter.random(1, 2, 3).nextLong());
    }

    @Test
    void rejectsNonPositiveZoom() {
        assertThatThrownBy(() -> new Transform(0, -1, 1, 0, 0)).hasMessageContaining("zoom factors must be positive");
        assertThatThrownBy(() -> new Transform(Double.NaN, 1, 1, 0, 0)).hasMessageContaining("finite");
    }

    @Test
    void lowResolutionBlursTheShareOfDigitsAskedToASideOfSevenToSixteen() {
        Augmenter blur = new Augmenter(AugmentOptions.parse("none,low-res=0.3"));
        SplittableRandom random = Augmenter.random(7, 0, 0);
        int blurred = 0;
        java.util.Set<Integer> sides = new java.util.TreeSet<>();
        for (int i = 0; i < 2000; i++) {
            Transform t = blur.sample(random);
            if (t.lowResSide() == 0) continue;
            blurred++;
            sides.add(t.lowResSide());
        }
        assertThat(blurred).isBetween(520, 680); // 30% of 2,000, within about 4 standard deviations
        assertThat(sides).containsExactly(7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    }

    @Test
    void aLowResolutionBlurIsTheConditionsBenchmarksShrinkAndEnlarge() {
        for (int i = 0; i < 20; i++) {
            float[] img = TEST.image(i);
            float[] blurred = new Transform(0, 1, 1, 0, 0, null, 0, 8, 0).apply(img);
            assertThat(blurred).isEqualTo(digits.data.render.LowResolution.downAndUp(img, 8));
            // detail is gone but the digit stays where it was, with about its ink
            Moments before = Moments.of(img), after = Moments.of(blurred);
            assertThat(after.cx()).isCloseTo(before.cx(), within(0.6));
            assertThat(after.cy()).isCloseTo(before.cy(), within(0.6));
            assertThat(after.mass()).isCloseTo(before.mass(), within(0.15 * before.mass()));
            assertThat(correlation(blurred, img)).isBetween(0.5, 0.99);
        }
    }

    @Test
    void withoutLowResolutionTheRandomStreamIsUnchanged() {
        // a model trained before the key existed gets the same augmented batches from the same seed
        Augmenter plain = new Augmenter(AugmentOptions.parse("default,elastic=1.5"));
        SplittableRandom a = Augmenter.random(42, 1, 5);
        SplittableRandom b = Augmenter.random(42, 1, 5);
        for (int i = 0; i < 100; i++) {
            Transform t = plain.sample(a);
            assertThat(t.lowResSide()).isZero();
            assertThat(t.pen()).isZero();
            assertThat(t.shear()).isZero();
            assertThat(t.rotationDegrees()).isEqualTo(plain.sample(b).rotationDegrees());
        }
        assertThat(a.nextLong()).isEqualTo(b.nextLong());
    }

    @Test
    void aLowResolutionSideOutsideTheImageIsRefused() {
        assertThatThrownBy(() -> new Transform(0, 1, 1, 0, 0, null, 0, 29, 0)).hasMessage("a low-resolution side is 1-28 (0 for none), got 29");
        assertThatThrownBy(() -> new Transform(0, 1, 1, 0, 0, null, 0, -1, 0)).hasMessageContaining("got -1");
    }

    @Test
    void boldStrokesAreOnePixelWiderAndDrawnForTheShareAsked() {
        for (int i = 0; i < 20; i++) {
            float[] img = TEST.image(i);
            float[] bold = new Transform(0, 1, 1, 0, 0, null, 1, 0, 0).apply(img);
            Moments before = Moments.of(img), after = Moments.of(bold);
            // more ink, none lost, in the same place
            assertThat(after.mass()).isGreaterThan(1.3 * before.mass());
            for (int p = 0; p < Dataset.PIXELS; p++) assertThat(bold[p]).isGreaterThanOrEqualTo(img[p]);
            assertThat(after.cx()).isCloseTo(before.cx(), within(0.5));
            assertThat(after.cy()).isCloseTo(before.cy(), within(0.5));
        }
        Augmenter bolder = new Augmenter(AugmentOptions.parse("none,bold=0.5"));
        SplittableRandom random = Augmenter.random(3, 0, 0);
        int bold = 0;
        for (int i = 0; i < 2000; i++) if (bolder.sample(random).pen() == 1) bold++;
        assertThat(bold).isBetween(900, 1100);
    }

    @Test
    void aShearSlantsTheDigitAboutItsCentre() {
        for (int i = 0; i < 20; i++) {
            float[] img = TEST.image(i);
            Moments before = Moments.of(img);
            Moments leaning = Moments.of(new Transform(0, 1, 1, 0, 0, null, 0, 0, 0.3).apply(img));
            // ink above the centre moves right, below it left: x and y become negatively correlated (y points down)
            assertThat(leaning.xy()).isCloseTo(before.xy() - 0.3 * before.yy(), within(0.15 * before.yy()));
            assertThat(leaning.cy()).isCloseTo(before.cy(), within(0.3));
            assertThat(leaning.mass()).isCloseTo(before.mass(), within(0.05 * before.mass()));
        }
        assertThatThrownBy(() -> new Transform(0, 1, 1, 0, 0, null, 0, 0, Double.NaN)).hasMessageContaining("shear NaN");
    }

    @Test
    void slantsAreDrawnWithinTheRangeAskedFor() {
        Augmenter slant = new Augmenter(AugmentOptions.parse("none,shear=0.2"));
        SplittableRandom random = Augmenter.random(5, 0, 0);
        double min = 0, max = 0;
        for (int i = 0; i < 1000; i++) {
            double s = slant.sample(random).shear();
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        assertThat(min).isBetween(-0.2, -0.19);
        assertThat(max).isBetween(0.19, 0.2);
    }

    @Test
    void finerStrokesLoseInkButKeepTheDigit() {
        for (int i = 0; i < 20; i++) {
            float[] img = TEST.image(i);
            float[] fine = new Transform(0, 1, 1, 0, 0, null, -1, 0, 0).apply(img);
            Moments before = Moments.of(img), after = Moments.of(fine);
            assertThat(after.mass()).isBetween(0.4 * before.mass(), 0.85 * before.mass());
            for (int p = 0; p < Dataset.PIXELS; p++) assertThat(fine[p]).isLessThanOrEqualTo(img[p]);
            assertThat(after.cx()).isCloseTo(before.cx(), within(0.5));
            assertThat(after.cy()).isCloseTo(before.cy(), within(0.5));
            assertThat(correlation(fine, img)).isGreaterThan(0.8);
        }
        assertThatThrownBy(() -> new Transform(0, 1, 1, 0, 0, null, 2, 0, 0)).hasMessage("the pen is -1 (finer), 0 or 1 (bolder), got 2");
        Augmenter finer = new Augmenter(AugmentOptions.parse("none,thin=0.25"));
        SplittableRandom random = Augmenter.random(4, 0, 0);
        int thin = 0;
        for (int i = 0; i < 2000; i++) if (finer.sample(random).pen() == -1) thin++;
        assertThat(thin).isBetween(420, 580);
    }
}
