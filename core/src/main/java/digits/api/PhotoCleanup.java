package digits.api;

import java.util.Arrays;

/**
 * Turns a photo or scan of one handwritten digit on paper into a clean ink map (1 = ink, 0 = paper), ready for the
 * MNIST crop, scale and centring of {@link ImagePreprocessor}. The steps:
 * <ol>
 *   <li>shrink to at most {@value #WORK_SIDE} pixels a side (area averaging), which also smooths JPEG noise, or enlarge
 *       a thumbnail to {@value #MIN_WORK_SIDE};</li>
 *   <li>adaptive background: the paper's local brightness is a morphological closing (local maximum, then local
 *       minimum, over a window wider than a stroke), so shadows and lighting gradients divide out; ink strength is
 *       {@code 1 - pixel / local paper};</li>
 *   <li>threshold the ink strength (Otsu's threshold, never below {@value #MIN_INK} of full scale);</li>
 *   <li>ruled and squared paper: straight lines (at most {@value #MAX_TILT_DEGREES} degrees off the axes) that run
 *       across most of the picture are found by projection and removed, keeping the ink where a stroke crosses them;
 *       a line is a thin, sharp peak of the projection, so a wide straight stroke (a marker's 1, a digit filling the
 *       picture) is not one; the tilt of the lines straightens the picture (deskew);</li>
 *   <li>specks smaller than {@value #MIN_PART} of the largest ink blob are dropped;</li>
 *   <li>stroke width: strokes thinner or thicker than MNIST's (relative to the digit's size) are thickened or thinned.</li>
 * </ol>
 * Parameters were chosen on MNIST test digits 0-4999 rendered as photos ({@code digits.data.conditions}); digits
 * 5000-9999 report the accuracy.
 */
final class PhotoCleanup {
    /** Longest side the cleanup works at: enough for a digit, and bounds the cost of a 40-megapixel photo. */
    static final int WORK_SIDE = 160;
    /** Pictures with a shorter longest side are enlarged to this first. */
    static final int MIN_WORK_SIDE = 96;
    /** The local paper level is taken over a window of radius (shorter side / this). */
    static final int PAPER_WINDOW = 12;
    /** Weakest ink strength (fraction of the local paper brightness) that can count as ink. */
    static final float MIN_INK = 0.12f;
    /**
     * A border darker than this is a board or a dark screen with light ink; paper in a shadow stays brighter. Handwriting
     * photos are nearly always dark ink on paper, so the test leans that way.
     */
    static final float DARK_BOARD = 0.3f;
    static final double MAX_TILT_DEGREES = 8;
    /** A line must cover this fraction of the picture's width (height) to count as a ruled line. */
    static final double LINE_COVER = 0.55;
    /** A ruled line is at most this fraction of the picture thick; a wider band is a stroke (a marker's 1, a 7's bar). */
    static final double LINE_THICKNESS = 0.04;
    /** A ruled line's projection stands this fraction of the picture above the projection just beside it. */
    static final double LINE_CONTRAST = 0.35;
    static final double MIN_PART = 0.08;
    /** MNIST's stroke width relative to the longer side of the digit's box (mean of the training digits, about 2.6 / 20). */
    static final double STROKE_RATIO = 0.13;
    /** Pixels within this distance of the background level count as background for {@link #looksLikePhoto}. */
    static final float FLAT_TOLERANCE = 0.06f;
    /** A picture with fewer background-level pixels than this fraction is not a clean drawing or MNIST-like scan. */
    static final double MIN_FLAT_FRACTION = 0.6;
    /** A border whose 10th and 90th percentiles differ by more than this is lit unevenly: a photo. */
    static final float MAX_BORDER_SPREAD = 0.08f;

    private PhotoCleanup() {}

    /** An ink map {@code width x height}, row-major. */
    record InkMap(float[] ink, int width, int height) {}

    /**
     * The measurable test behind {@link Preprocessing#AUTO}: a drawing or an MNIST-like image has most of its pixels at
     * one background level, all along its border too; a photo's paper varies (light, texture, noise, lines).
     */
    static boolean looksLikePhoto(float[] luma, int width, int height) {
        float background = ImagePreprocessor.median(ImagePreprocessor.border(luma, width, height));
        int flat = 0;
        for (float v : luma) if (Math.abs(v - background) <= FLAT_TOLERANCE) flat++;
        float[] border = ImagePreprocessor.border(luma, width, height);
        Arrays.sort(border);
        float spread = border[border.length * 9 / 10] - border[border.length / 10];
        return flat < MIN_FLAT_FRACTION * luma.length || spread > MAX_BORDER_SPREAD;
    }

    /** Cleans a grayscale picture ({@code luma} in [0,1], row-major); the answer may be smaller than the input. */
    static InkMap clean(float[] luma, int width, int height) {
        int scale = Math.max(width, height);
        int w = width, h = height;
        float[] gray = luma;
        if (scale > WORK_SIDE || scale < MIN_WORK_SIDE) {
            // Small pictures (thumbnails) are enlarged: the windows below need a few pixels per stroke.
            int side = scale > WORK_SIDE ? WORK_SIDE : MIN_WORK_SIDE;
            w = Math.max(1, (int) Math.round((double) width * side / scale));
            h = Math.max(1, (int) Math.round((double) height * side / scale));
            gray = AreaResampler.resample(luma, width, 0, 0, width, height, w, h);
        } else {
            gray = gray.clone();
        }
        // Paper bright, ink dark: light ink on a dark board (a border darker than any lit paper) is turned around.
        if (ImagePreprocessor.median(ImagePreprocessor.border(gray, w, h)) < DARK_BOARD) {
            for (int i = 0; i < gray.length; i++) gray[i] = 1f - gray[i];
        }
        int radius = Math.max(2, Math.min(w, h) / PAPER_WINDOW);
        float[] paper = Morphology.min(Morphology.max(gray, w, h, radius), w, h, radius);
        paper = Morphology.boxBlur(paper, w, h, Math.max(1, radius / 2));
        float[] strength = inkStrength(gray, paper);
        boolean[] ink = threshold(strength);
        double tilt = removeLines(ink, w, h);
        if (tilt != 0) ink = rotate(ink, w, h, -tilt);
        dropSpecks(ink, w, h);
        normaliseStrokes(ink, w, h);
        float[] out = new float[ink.length];
        for (int i = 0; i < ink.length; i++) out[i] = ink[i] ? 1f : 0f;
        return new InkMap(out, w, h);
    }

    /**
     * {@code 1 - pixel / paper}, where the paper is the closing of the picture over a window wider than a stroke (a
     * local background, as adaptive thresholds use).
     */
    private static float[] inkStrength(float[] gray, float[] paper) {
        float[] strength = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            strength[i] = paper[i] <= 1e-3f ? 0f : Math.max(0f, Math.min(1f, 1f - gray[i] / paper[i]));
        }
        return strength;
    }

    private static boolean[] threshold(float[] strength) {
        float t = Math.max(MIN_INK, otsu(strength));
        boolean[] ink = new boolean[strength.length];
        for (int i = 0; i < strength.length; i++) ink[i] = strength[i] > t;
        return ink;
    }

    /** Otsu's threshold over a 64-bin histogram of values in [0,1]. */
    static float otsu(float[] values) {
        int bins = 64;
        int[] histogram = new int[bins];
        for (float v : values) histogram[Math.min(bins - 1, (int) (v * bins))]++;
        double total = values.length, sumAll = 0;
        for (int i = 0; i < bins; i++) sumAll += (i + 0.5) * histogram[i];
        double weightBelow = 0, sumBelow = 0, best = -1;
        int bestBin = 0;
        for (int i = 0; i < bins - 1; i++) {
            weightBelow += histogram[i];
            sumBelow += (i + 0.5) * histogram[i];
            double weightAbove = total - weightBelow;
            if (weightBelow == 0 || weightAbove == 0) continue;
            double meanBelow = sumBelow / weightBelow;
            double meanAbove = (sumAll - sumBelow) / weightAbove;
            double between = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best) {
                best = between;
                bestBin = i;
            }
        }
        return (bestBin + 1f) / bins;
    }

    /**
     * Removes horizontal and vertical lines that cross most of the picture; returns the tilt of the horizontal lines in
     * degrees (0 when there are none). A line pixel stays ink when ink continues on both sides of the line (a stroke
     * crossing it).
     */
    private static double removeLines(boolean[] ink, int w, int h) {
        Lines horizontal = Lines.find(ink, w, h, false);
        Lines vertical = Lines.find(ink, w, h, true);
        boolean[] line = new boolean[ink.length];
        horizontal.mark(line, w, h);
        vertical.mark(line, w, h);
        boolean[] kept = ink.clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (!line[i] || !ink[i]) continue;
                boolean crossedVertically = inkBeyond(ink, line, w, h, x, y, 0, 1) && inkBeyond(ink, line, w, h, x, y, 0, -1);
                boolean crossedHorizontally = inkBeyond(ink, line, w, h, x, y, 1, 0) && inkBeyond(ink, line, w, h, x, y, -1, 0);
                boolean onHorizontal = horizontal.contains(x, y);
                boolean onVertical = vertical.contains(x, y);
                boolean crossing = (onHorizontal && crossedVertically) || (onVertical && crossedHorizontally);
                if (!crossing) kept[i] = false;
            }
        }
        System.arraycopy(kept, 0, ink, 0, ink.length);
        if (horizontal.found()) return horizontal.tiltDegrees();
        if (vertical.found()) return -vertical.tiltDegrees();
        return 0;
    }

    /** Whether the first non-line pixel from (x, y) in direction (dx, dy) is ink. */
    private static boolean inkBeyond(boolean[] ink, boolean[] line, int w, int h, int x, int y, int dx, int dy) {
        for (int step = 1; step <= 6; step++) {
            int px = x + dx * step, py = y + dy * step;
            if (px < 0 || py < 0 || px >= w || py >= h) return false;
            int i = py * w + px;
            if (!line[i]) return ink[i];
        }
        return false;
    }

    /** Rotates a binary map about its centre by {@code degrees} (nearest neighbour), keeping its size. */
    private static boolean[] rotate(boolean[] ink, int w, int h, double degrees) {
        double a = Math.toRadians(degrees);
        double cos = Math.cos(a), sin = Math.sin(a);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        boolean[] out = new boolean[ink.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sx = cos * (x - cx) + sin * (y - cy) + cx;
                double sy = -sin * (x - cx) + cos * (y - cy) + cy;
                int ix = (int) Math.round(sx), iy = (int) Math.round(sy);
                if (ix >= 0 && iy >= 0 && ix < w && iy < h) out[y * w + x] = ink[iy * w + ix];
            }
        }
        return out;
    }

    /** Removes 8-connected ink blobs smaller than {@link #MIN_PART} of the largest. */
    private static void dropSpecks(boolean[] ink, int w, int h) {
        int[] component = new int[ink.length];
        int[] sizes = new int[ink.length / 2 + 2];
        int count = 0;
        int[] stack = new int[ink.length];
        for (int start = 0; start < ink.length; start++) {
            if (!ink[start] || component[start] != 0) continue;
            count++;
            int top = 0;
            stack[top++] = start;
            component[start] = count;
            int size = 0;
            while (top > 0) {
                int i = stack[--top];
                size++;
                int x = i % w, y = i / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                        int n = ny * w + nx;
                        if (ink[n] && component[n] == 0) {
                            component[n] = count;
                            stack[top++] = n;
                        }
                    }
                }
            }
            if (count >= sizes.length) sizes = Arrays.copyOf(sizes, sizes.length * 2);
            sizes[count] = size;
        }
        int largest = 0;
        for (int c = 1; c <= count; c++) largest = Math.max(largest, sizes[c]);
        double floor = Math.max(2, MIN_PART * largest);
        for (int i = 0; i < ink.length; i++) {
            if (ink[i] && sizes[component[i]] < floor) ink[i] = false;
        }
    }

    /**
     * Thickens thin pen strokes and thins marker strokes towards MNIST's width relative to the digit's size, one
     * pixel ring at a time. Stroke width is estimated as {@code 2 * area / boundary} (a stroke of width s and length L
     * has area sL and about 2L boundary pixels).
     */
    private static void normaliseStrokes(boolean[] ink, int w, int h) {
        for (int step = 0; step < 12; step++) {
            double ratio = strokeRatio(ink, w, h);
            if (Double.isNaN(ratio)) return;
            boolean[] next;
            if (ratio < 0.75 * STROKE_RATIO) {
                next = Morphology.dilate(ink, w, h);
            } else if (ratio > 1.4 * STROKE_RATIO) {
                next = Morphology.erode(ink, w, h);
                if (count(next) < 0.5 * count(ink)) return; // thinning further would break strokes
            } else {
                return;
            }
            System.arraycopy(next, 0, ink, 0, ink.length);
        }
    }

    /** Estimated stroke width over the longer side of the ink's bounding box; NaN without ink. */
    static double strokeRatio(boolean[] ink, int w, int h) {
        int area = 0, boundary = 0;
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!ink[y * w + x]) continue;
                area++;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1 || !ink[y * w + x - 1] || !ink[y * w + x + 1]
                        || !ink[(y - 1) * w + x] || !ink[(y + 1) * w + x]) boundary++;
            }
        }
        if (area == 0) return Double.NaN;
        double width = Math.min(2.0 * area / boundary, area);
        return width / Math.max(maxX - minX + 1, maxY - minY + 1);
    }

    private static int count(boolean[] ink) {
        int n = 0;
        for (boolean b : ink) if (b) n++;
        return n;
    }

    /**
     * The ruled lines in one direction: the tilt (degrees, within ±{@link #MAX_TILT_DEGREES}) at which ink pixels
     * project onto the fewest bins, and the bins that hold a line (at least {@link #LINE_COVER} of the extent).
     */
    private record Lines(boolean vertical, double tiltDegrees, boolean[] lineBins, int offset) {
        static Lines find(boolean[] ink, int w, int h, boolean vertical) {
            int extent = vertical ? h : w;
            int across = vertical ? w : h;
            int offset = extent; // projections can be negative by up to extent * tan(tilt)
            int bins = across + 2 * offset;
            double bestScore = -1, bestTilt = 0;
            int[] best = null;
            for (double tilt = -MAX_TILT_DEGREES; tilt <= MAX_TILT_DEGREES + 1e-9; tilt += 0.5) {
                int[] histogram = project(ink, w, h, vertical, tilt, offset, bins);
                double score = 0;
                for (int c : histogram) score = Math.max(score, c);
                if (score > bestScore + 1e-9 || (score >= bestScore - 1e-9 && Math.abs(tilt) < Math.abs(bestTilt))) {
                    bestScore = score;
                    bestTilt = tilt;
                    best = histogram;
                }
            }
            boolean[] lineBins = new boolean[bins];
            for (int b = 0; b < bins; b++) lineBins[b] = best[b] >= LINE_COVER * extent;
            keepThinPeaks(lineBins, best, extent, Math.max(1, (int) (LINE_THICKNESS * across)));
            return new Lines(vertical, bestTilt, lineBins, offset);
        }

        /**
         * Clears the runs of line bins that are a pen stroke rather than a printed line: a run wider than
         * {@code maxWidth}, or one whose projection does not stand {@link #LINE_CONTRAST} of the extent above the bins
         * just beside it (a marker stroke along the lines rises and falls over many bins; a ruled line is a sharp peak).
         */
        private static void keepThinPeaks(boolean[] lineBins, int[] projection, int extent, int maxWidth) {
            int bins = lineBins.length;
            for (int start = 0; start < bins; ) {
                if (!lineBins[start]) {
                    start++;
                    continue;
                }
                int end = start;
                int peak = 0;
                while (end < bins && lineBins[end]) peak = Math.max(peak, projection[end++]);
                // Two bins past the run: the run's neighbour bins are marked as line too (anti-aliased edges).
                int beside = Math.max(start >= 3 ? projection[start - 3] : 0, end + 2 < bins ? projection[end + 2] : 0);
                if (end - start > maxWidth || peak - beside < LINE_CONTRAST * extent) Arrays.fill(lineBins, start, end, false);
                start = end;
            }
        }

        boolean found() {
            for (boolean b : lineBins) if (b) return true;
            return false;
        }

        private static int[] project(boolean[] ink, int w, int h, boolean vertical, double tilt, int offset, int bins) {
            double tan = Math.tan(Math.toRadians(tilt));
            int[] histogram = new int[bins];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (ink[y * w + x]) histogram[bin(x, y, vertical, tan, offset)]++;
                }
            }
            return histogram;
        }

        private static int bin(int x, int y, boolean vertical, double tan, int offset) {
            return (int) Math.round(vertical ? x - y * tan : y - x * tan) + offset;
        }

        boolean contains(int x, int y) {
            int b = bin(x, y, vertical, Math.tan(Math.toRadians(tiltDegrees)), offset);
            for (int n = b - 1; n <= b + 1; n++) {
                if (n >= 0 && n < lineBins.length && lineBins[n]) return true;
            }
            return false;
        }

        /** Marks every pixel on a line bin, and one bin to each side (anti-aliased line edges). */
        void mark(boolean[] line, int w, int h) {
            if (!found()) return;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    if (contains(x, y)) line[y * w + x] = true;
                }
            }
        }
    }
}
