package digits.api;

/**
 * A path from the top row of a mark to its bottom row, one column per row, moving at most one column per row: the
 * line along which two touching digits are pulled apart. {@link #cheapest} finds the one that crosses the least ink
 * of the mark, starting near a given column.
 */
record CutPath(int start, int y0, int[] xs, float ink) {
    /** A step sideways costs this much ink, so that among equally clean paths the straightest wins. */
    private static final float SIDESTEP = 0.01f;

    int xAt(int y) {
        if (y < y0) return xs[0];
        if (y >= y0 + xs.length) return xs[xs.length - 1];
        return xs[y - y0];
    }

    double meanX() {
        double sum = 0;
        for (int x : xs) sum += x;
        return sum / xs.length;
    }

    /** Mean horizontal distance to another path over the same rows. */
    double meanDistance(CutPath other) {
        double sum = 0;
        for (int i = 0; i < xs.length; i++) sum += Math.abs(xs[i] - other.xs[i]);
        return sum / xs.length;
    }

    /**
     * The path over rows {@code y0..y1} within {@code reach} columns of {@code centre} (and within {@code minX..maxX})
     * that crosses the least ink of the pixels labelled {@code id}: dynamic programming row by row.
     */
    static CutPath cheapest(float[] ink, int[] label, int width, int id, int y0, int y1, int centre, int reach, int minX, int maxX) {
        int lo = Math.max(minX, centre - reach);
        int hi = Math.min(maxX, centre + reach);
        int cols = hi - lo + 1;
        int rows = y1 - y0 + 1;
        float[] cost = new float[cols];
        int[][] from = new int[rows][cols];
        for (int c = 0; c < cols; c++) cost[c] = inkAt(ink, label, width, id, lo + c, y0) + SIDESTEP * Math.abs(lo + c - centre);
        float[] next = new float[cols];
        for (int r = 1; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int best = c;
                float bestCost = cost[c];
                if (c > 0 && cost[c - 1] + SIDESTEP < bestCost) {
                    best = c - 1;
                    bestCost = cost[c - 1] + SIDESTEP;
                }
                if (c + 1 < cols && cost[c + 1] + SIDESTEP < bestCost) {
                    best = c + 1;
                    bestCost = cost[c + 1] + SIDESTEP;
                }
                next[c] = bestCost + inkAt(ink, label, width, id, lo + c, y0 + r);
                from[r][c] = best;
            }
            float[] t = cost;
            cost = next;
            next = t;
        }
        int end = 0;
        for (int c = 1; c < cols; c++) if (cost[c] < cost[end]) end = c;
        int[] xs = new int[rows];
        float crossed = 0;
        for (int r = rows - 1, c = end; r >= 0; r--) {
            xs[r] = lo + c;
            crossed += inkAt(ink, label, width, id, lo + c, y0 + r);
            c = from[r][c];
        }
        return new CutPath(centre, y0, xs, crossed);
    }

    private static float inkAt(float[] ink, int[] label, int width, int id, int x, int y) {
        int p = y * width + x;
        return label[p] == id ? ink[p] : 0f;
    }
}
