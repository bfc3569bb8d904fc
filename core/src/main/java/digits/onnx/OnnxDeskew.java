package digits.onnx;

import digits.data.Dataset;
import digits.data.Deskew;

import java.util.List;

/**
 * {@link Deskew#straighten} as ONNX nodes, for models trained with {@code --deskew}: the ink's centre row and slant
 * from its moments (the same two passes, in float32), then each row read shifted by {@code slant * (row - centre)}
 * with linear interpolation. The interpolation is a product with per-row weights {@code max(0, 1 - |j - c - shift|)}
 * (source column j, output column c), which are the two neighbours' linear weights and zero elsewhere.
 */
final class OnnxDeskew {
    private static final int N = Dataset.ROWS;
    /** Coordinates are measured from the image centre so that the float32 sums stay small. */
    private static final float CENTRE = (N - 1) / 2f;

    private OnnxDeskew() {}

    /** Appends the nodes that straighten {@code image} ({@code [B, 1, 28, 28]}); returns the straightened tensor. */
    static String straighten(OnnxGraph graph, String image) {
        String p = "deskew/";
        float[] rowValues = new float[N];
        for (int i = 0; i < N; i++) rowValues[i] = i - CENTRE;
        String rows = graph.constant(p + "rows", new long[]{1, 1, N, 1}, rowValues);
        String cols = graph.constant(p + "cols", new long[]{1, 1, 1, N}, rowValues);
        String axes = graph.constant(p + "axes", new long[]{3}, new long[]{1, 2, 3});
        String zero = scalar(graph, p + "zero", 0f);

        String total = sum(graph, image, axes, p + "total");
        String centreRow = op(graph, "Div", p + "centre_row", sum(graph, op(graph, "Mul", p + "ink_rows", image, rows), axes, p + "sum_rows"), total);
        String centreCol = op(graph, "Div", p + "centre_col", sum(graph, op(graph, "Mul", p + "ink_cols", image, cols), axes, p + "sum_cols"), total);
        String dr = op(graph, "Sub", p + "dr", rows, centreRow);
        String dc = op(graph, "Sub", p + "dc", cols, centreCol);
        String inkDr = op(graph, "Mul", p + "ink_dr", image, dr);
        String varRows = sum(graph, op(graph, "Mul", p + "ink_dr_dr", inkDr, dr), axes, p + "var_rows");
        String cov = sum(graph, op(graph, "Mul", p + "ink_dr_dc", inkDr, dc), axes, p + "cov");

        // As in Deskew: no slant for a blank image or ink on one row; at most MAX_SLANT either way.
        String inked = op(graph, "Greater", p + "inked", total, zero);
        String spread = op(graph, "Greater", p + "spread", varRows,
                op(graph, "Mul", p + "min_var", total, scalar(graph, p + "tiny", (float) Deskew.MIN_ROW_SPREAD)));
        String slanted = op(graph, "Div", p + "raw_slant", cov, varRows);
        String clipped = graph.name(p + "clipped_slant");
        graph.node("Clip", List.of(slanted, scalar(graph, p + "min_slant", (float) -Deskew.MAX_SLANT),
                scalar(graph, p + "max_slant", (float) Deskew.MAX_SLANT)), clipped);
        String slant = where(graph, p + "slant", op(graph, "And", p + "has_slant", inked, spread), clipped, zero);
        String centre = where(graph, p + "centre", inked, centreRow, zero);

        // Per row r: shift = slant * (r - centre), laid out [B, row, 1, 1] against the [j, c] weights.
        String shift = op(graph, "Mul", p + "shift", slant, op(graph, "Sub", p + "from_centre", rows, centre));
        String shiftByRow = reshape(graph, shift, p + "shift_by_row", -1, N, 1, 1);
        float[] offsets = new float[N * N];
        for (int j = 0; j < N; j++) {
            for (int c = 0; c < N; c++) offsets[j * N + c] = j - c;
        }
        String distance = op(graph, "Abs", p + "distance",
                op(graph, "Sub", p + "offset", graph.constant(p + "j_minus_c", new long[]{1, 1, N, N}, offsets), shiftByRow));
        String weights = op(graph, "Relu", p + "weights", op(graph, "Sub", p + "one_minus", scalar(graph, p + "one", 1f), distance));
        String rowsOfImage = reshape(graph, image, p + "image_rows", -1, N, 1, N);
        String read = op(graph, "MatMul", p + "read", rowsOfImage, weights);
        return reshape(graph, read, p + "straightened", -1, 1, N, N);
    }

    private static String op(OnnxGraph graph, String op, String name, String... inputs) {
        String out = graph.name(name);
        graph.node(op, List.of(inputs), out);
        return out;
    }

    private static String sum(OnnxGraph graph, String x, String axes, String name) {
        String out = graph.name(name);
        graph.node("ReduceSum", List.of(x, axes), out, OnnxGraph.attribute("keepdims", 1L));
        return out;
    }

    private static String where(OnnxGraph graph, String name, String condition, String yes, String no) {
        return op(graph, "Where", name, condition, yes, no);
    }

    private static String scalar(OnnxGraph graph, String name, float value) {
        return graph.constant(name, new long[0], new float[]{value});
    }

    private static String reshape(OnnxGraph graph, String x, String name, long... shape) {
        return op(graph, "Reshape", name, x, graph.constant(name + "_shape", new long[]{shape.length}, shape));
    }
}
