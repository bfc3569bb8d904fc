package digits.model;

/**
 * One layer of an architecture spec. The spec grammar is the one Kaggle notebooks use to name their CNNs,
 * e.g. {@code 32C5-32C5-P-D.25-64C3-64C3-P-D.25-256-D.5-10}:
 * <ul>
 *   <li>{@code 32C5}: 32 filters 5x5, "same" padding, ReLU; {@code 256C3valid}: no padding; {@code 32C5S2}: stride 2</li>
 *   <li>{@code P} or {@code P2}: 2x2 max pooling (stride = size)</li>
 *   <li>{@code D.25}: dropout with rate 0.25</li>
 *   <li>{@code BN}: batch normalisation</li>
 *   <li>{@code GAP}: global average pooling</li>
 *   <li>{@code 256}: dense layer with ReLU; the last layer, {@code 10}, gives the class logits (no activation)</li>
 * </ul>
 */
public sealed interface LayerSpec {

    /** The token as written in a spec string. */
    String token();

    record Conv(int filters, int kernel, int stride, boolean samePadding) implements LayerSpec {
        public String token() {
            return filters + "C" + kernel + (stride != 1 ? "S" + stride : "") + (samePadding ? "" : "valid");
        }

        /** Padding that keeps the size for stride 1 (Keras "same"), and gives ceil(size/stride) for odd kernels. */
        public int padding() {
            return samePadding ? (kernel - 1) / 2 : 0;
        }
    }

    record MaxPool(int size) implements LayerSpec {
        public String token() {
            return size == 2 ? "P" : "P" + size;
        }
    }

    record Dropout(double rate) implements LayerSpec {
        public String token() {
            String r = Double.toString(rate);
            return "D" + (r.startsWith("0.") ? r.substring(1) : r);
        }
    }

    record BatchNorm() implements LayerSpec {
        public String token() {
            return "BN";
        }
    }

    record GlobalAvgPool() implements LayerSpec {
        public String token() {
            return "GAP";
        }
    }

    record Dense(int units) implements LayerSpec {
        public String token() {
            return Integer.toString(units);
        }
    }
}
