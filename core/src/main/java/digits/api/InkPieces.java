package digits.api;

import digits.data.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Splits the ink of one line of handwriting into pieces ("atoms"), ordered left to right, so that every digit is one
 * piece or a run of consecutive pieces: connected strokes, with small broken-off strokes joined to the stroke they lie
 * over, and wide strokes cut where a path from top to bottom crosses the least ink (where two digits touch). Which
 * pieces make up which digit is left to {@link NumberReader}, which lets the classifier judge.
 */
final class InkPieces {
    /**
     * A pixel above this ink level is part of a stroke for connectivity (fainter anti-aliased edges follow their stroke):
     * the level at which a single digit's ink counts too; at 0.3 thinned strokes broke digits apart (docs/numbers.md).
     */
    static final float STROKE = ImagePreprocessor.INK_THRESHOLD;
    /** More separate marks than this is not one line of at most a dozen digits (and would make the search costly). */
    static final int MAX_MARKS = 48;

    // Where cuts are tried, in digit heights (chosen on numbers from MNIST test digits 0-4999, docs/numbers.md): paths
    // start at least MARGIN inside a mark, wander at most REACH sideways, one is kept per CUT_EVERY of the mark's width,
    // SPACING apart at least.
    static final float MARGIN = 0.1f;
    static final float REACH = 0.15f;
    static final float CUT_EVERY = 0.2f;
    static final float SPACING = 0.15f;
    /** A mark shorter than this many digit heights is not two touching digits (the flying bar of a 5): never cut. */
    static final float MIN_CUT_HEIGHT = 0.5f;

    /**
     * A mark wider than this many digit heights is not a line of touching digits (twelve would be about ten): refused
     * before any cut is searched for, so that a long scribble costs no more than a number.
     */
    static final float MAX_MARK_WIDTH = 16f;

    /** One piece: its pixels (indices into the ink map), bounding box (inclusive) and how it joins the previous piece. */
    record Atom(int group, int[] pixels, int x0, int y0, int x1, int y1, float cutBefore) {
        /** Whether the previous piece belongs to the same stroke (a cut separates them, {@link #cutBefore} strokes deep). */
        boolean cutFromPrevious() {
            return cutBefore >= 0;
        }
    }

    /** The pieces, the estimated height of a digit in this line and the stroke width, both in pixels. */
    record Layout(List<Atom> atoms, float digitHeight, float strokeWidth) {}

    private final float[] ink;
    private final int width;
    private final int height;
    private final int[] label;

    private InkPieces(float[] ink, int width, int height) {
        this.ink = ink;
        this.width = width;
        this.height = height;
        this.label = new int[ink.length];
    }

    /** The pieces of a light-on-dark ink map; {@code name} names the image in errors (blank, too many marks). */
    static Layout split(float[] ink, int width, int height, String name) {
        return new InkPieces(ink, width, height).split(name);
    }

    private static final class Group {
        final int id;
        int area;
        int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
        double sumX;

        Group(int id) {
            this.id = id;
        }

        int width() { return x1 - x0 + 1; }

        int height() { return y1 - y0 + 1; }

        double centreX() { return sumX / area; }

        void absorb(Group other) {
            area += other.area;
            sumX += other.sumX;
            x0 = Math.min(x0, other.x0);
            y0 = Math.min(y0, other.y0);
            x1 = Math.max(x1, other.x1);
            y1 = Math.max(y1, other.y1);
        }
    }

    private Layout split(String name) {
        List<Group> groups = components();
        dropSpecks(groups);
        if (groups.isEmpty()) throw new InvalidInputException(name + ": the image is blank (no digit found)");
        float digitHeight = digitHeight(groups);
        joinFragments(groups, digitHeight);
        if (groups.size() > MAX_MARKS) {
            throw new InvalidInputException(name + ": " + groups.size() + " separate marks, more than the " + MAX_MARKS
                    + " one line of digits can have");
        }
        for (Group g : groups) {
            if (g.width() > MAX_MARK_WIDTH * digitHeight) {
                throw new InvalidInputException(String.format(Locale.ROOT, "%s: one mark is %.0f times as wide as the digits "
                        + "are tall, wider than a dozen digits written together", name, g.width() / digitHeight));
            }
        }
        float strokeWidth = strokeWidth();
        groups.sort(Comparator.comparingDouble(Group::centreX));
        List<int[]> pixelsOf = pixelsByGroup(groups);
        List<Atom> atoms = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            cut(groups.get(g), g, pixelsOf.get(g), digitHeight, strokeWidth, atoms);
        }
        return new Layout(atoms, digitHeight, strokeWidth);
    }

    /** 8-connected components of the stroke pixels; {@link #label} holds each pixel's component id (0: none). */
    private List<Group> components() {
        List<Group> groups = new ArrayList<>();
        int[] stack = new int[ink.length];
        for (int start = 0; start < ink.length; start++) {
            if (ink[start] <= STROKE || label[start] != 0) continue;
            Group g = new Group(groups.size() + 1);
            groups.add(g);
            int top = 0;
            stack[top++] = start;
            label[start] = g.id;
            while (top > 0) {
                int p = stack[--top];
                int x = p % width, y = p / width;
                g.area++;
                g.sumX += x;
                g.x0 = Math.min(g.x0, x);
                g.x1 = Math.max(g.x1, x);
                g.y0 = Math.min(g.y0, y);
                g.y1 = Math.max(g.y1, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                        int q = ny * width + nx;
                        if (label[q] == 0 && ink[q] > STROKE) {
                            label[q] = g.id;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        return groups;
    }

    /** Marks far smaller than the typical one are dust, not digits: their pixels leave the picture. */
    private void dropSpecks(List<Group> groups) {
        if (groups.isEmpty()) return;
        int[] areas = groups.stream().mapToInt(g -> g.area).sorted().toArray();
        int median = areas[areas.length / 2];
        float minArea = Math.max(3, 0.04f * median);
        List<Group> specks = groups.stream().filter(g -> g.area < minArea).toList();
        if (specks.isEmpty()) return;
        for (Group s : specks) relabel(s, 0);
        groups.removeAll(specks);
    }

    /** The median height of the marks at least half as tall as the tallest: broken-off pieces don't count. */
    private static float digitHeight(List<Group> groups) {
        int tallest = groups.stream().mapToInt(Group::height).max().orElseThrow();
        int[] heights = groups.stream().mapToInt(Group::height).filter(h -> 2 * h >= tallest).sorted().toArray();
        return heights[heights.length / 2];
    }

    /**
     * A short mark lying mostly over another one's columns (the detached bar of a 5, a 7's crossbar) becomes part of it,
     * so that left-to-right order never puts another digit between a digit's pieces.
     */
    private void joinFragments(List<Group> groups, float digitHeight) {
        groups.sort(Comparator.comparingInt(g -> g.area));
        for (int i = 0; i < groups.size(); i++) {
            Group small = groups.get(i);
            if (small.height() >= 0.6f * digitHeight) continue;
            Group best = null;
            int bestOverlap = 0;
            for (int j = i + 1; j < groups.size(); j++) {
                Group other = groups.get(j);
                int overlap = Math.min(small.x1, other.x1) - Math.max(small.x0, other.x0) + 1;
                if (overlap > bestOverlap) {
                    bestOverlap = overlap;
                    best = other;
                }
            }
            if (best != null && 2 * bestOverlap >= small.width()) {
                relabel(small, best.id);
                best.absorb(small);
                groups.remove(i--);
            }
        }
    }

    private void relabel(Group g, int to) {
        for (int y = g.y0; y <= g.y1; y++) {
            for (int x = g.x0; x <= g.x1; x++) {
                if (label[y * width + x] == g.id) label[y * width + x] = to;
            }
        }
    }

    /** The median length of horizontal runs of stroke pixels: about how wide a pen line is. */
    private float strokeWidth() {
        List<Integer> runs = new ArrayList<>();
        for (int y = 0; y < height; y++) {
            int run = 0;
            for (int x = 0; x <= width; x++) {
                if (x < width && label[y * width + x] != 0) {
                    run++;
                } else if (run > 0) {
                    runs.add(run);
                    run = 0;
                }
            }
        }
        if (runs.isEmpty()) return 1f;
        runs.sort(null);
        return Math.max(1f, runs.get(runs.size() / 2));
    }

    /** Each group's pixels: its stroke pixels and the fainter edge pixels next to them. */
    private List<int[]> pixelsByGroup(List<Group> groups) {
        int[] index = new int[groups.stream().mapToInt(g -> g.id).max().orElse(0) + 1];
        Arrays.fill(index, -1);
        for (int g = 0; g < groups.size(); g++) index[groups.get(g).id] = g;
        int[] owner = new int[ink.length];
        Arrays.fill(owner, -1);
        for (int p = 0; p < ink.length; p++) {
            if (label[p] != 0) {
                owner[p] = index[label[p]];
            } else if (ink[p] > 0) {
                owner[p] = neighbourGroup(p, index);
            }
        }
        int[] counts = new int[groups.size()];
        for (int o : owner) if (o >= 0) counts[o]++;
        int[][] pixels = new int[groups.size()][];
        for (int g = 0; g < groups.size(); g++) pixels[g] = new int[counts[g]];
        int[] fill = new int[groups.size()];
        for (int p = 0; p < ink.length; p++) if (owner[p] >= 0) pixels[owner[p]][fill[owner[p]]++] = p;
        return Arrays.asList(pixels);
    }

    private int neighbourGroup(int p, int[] index) {
        int x = p % width, y = p / width;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int nx = x + dx, ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                int l = label[ny * width + nx];
                if (l != 0) return index[l];
            }
        }
        return -1;
    }

    /**
     * Cuts a mark wide enough to hold two digits along the cheapest top-to-bottom paths (least ink crossed), at most one
     * per {@link #CUT_EVERY} digit heights of width, and adds its pieces to {@code atoms}.
     */
    private void cut(Group g, int groupIndex, int[] pixels, float digitHeight, float strokeWidth, List<Atom> atoms) {
        List<CutPath> paths = new ArrayList<>();
        if (g.width() >= 0.45f * digitHeight && g.height() >= MIN_CUT_HEIGHT * digitHeight) {
            // paths start a tenth of a digit height inside the mark (a 1 is that narrow) and leave a tenth of its ink
            // on each side: no sliver of a stroke becomes a piece of its own
            int margin = Math.max(2, Math.round(MARGIN * digitHeight));
            int reach = Math.max(1, Math.round(REACH * digitHeight));
            List<CutPath> candidates = new ArrayList<>();
            for (int c = g.x0 + margin; c <= g.x1 - margin; c++) {
                CutPath path = CutPath.cheapest(ink, label, width, g.id, g.y0, g.y1, c, reach, g.x0, g.x1);
                int left = 0;
                for (int p : pixels) if (label[p] == g.id && p % width < path.xAt(p / width)) left++;
                if (left >= 0.1f * g.area && g.area - left >= 0.1f * g.area) candidates.add(path);
            }
            candidates.sort(Comparator.comparingDouble(CutPath::ink));
            int maxCuts = (int) (g.width() / (CUT_EVERY * digitHeight));
            float spacing = Math.max(3, SPACING * digitHeight);
            for (CutPath candidate : candidates) {
                if (paths.size() >= maxCuts) break;
                boolean apart = paths.stream().allMatch(p -> Math.abs(p.start() - candidate.start()) >= spacing
                        && p.meanDistance(candidate) >= 2);
                if (apart) paths.add(candidate);
            }
            paths.sort(Comparator.comparingDouble(CutPath::meanX));
        }
        int pieces = paths.size() + 1;
        int[] counts = new int[pieces];
        int[] side = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            int x = pixels[i] % width, y = pixels[i] / width;
            int k = 0;
            for (CutPath path : paths) if (x >= path.xAt(y)) k++;
            side[i] = k;
            counts[k]++;
        }
        boolean first = true; // the first piece of a mark follows a gap
        float crossed = 0f;
        for (int k = 0; k < pieces; k++) {
            if (k > 0) crossed = Math.max(crossed, paths.get(k - 1).ink() / strokeWidth);
            if (counts[k] == 0) continue;
            int[] own = new int[counts[k]];
            int n = 0;
            int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            for (int i = 0; i < pixels.length; i++) {
                if (side[i] != k) continue;
                int p = pixels[i];
                own[n++] = p;
                int x = p % width, y = p / width;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
            atoms.add(new Atom(groupIndex, own, x0, y0, x1, y1, first ? -1f : crossed));
            first = false;
            crossed = 0f;
        }
    }
}
