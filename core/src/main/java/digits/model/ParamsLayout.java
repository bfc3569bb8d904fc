package digits.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import digits.data.InvalidInputException;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact byte layout of an architecture's parameter file, to check an untrusted {@code model-*.params} before DJL
 * parses it.
 *
 * <p>DJL's decoder trusts the counts it reads: an array rank or an input-shape count near 2^31 makes it allocate
 * gigabytes of heap from a file of a few kilobytes (OutOfMemoryError), a data length near 2^31 a 2 GB native buffer,
 * and a parameter of another shape is accepted as is and fails later inside the engine. The SHA-256 in
 * {@code model.json} does not help: whoever edits the file can re-hash it. But for one architecture every structural
 * byte of the file (versions, names, ranks, shapes, lengths) is fixed and only the parameter values vary. So the
 * reference is what the architecture itself writes, once with every value 0 and once with every value set to a number
 * none of whose four bytes is 0: positions where the two differ are values, all other bytes must match exactly, and the
 * length must be the same. Values must also be finite: a NaN weight would answer NaN probabilities for every image.
 */
public final class ParamsLayout {
    /** Every byte differs from 0 (0x3F8CCCCD is 1.1f), so every value byte differs between the two reference files. */
    private static final float MARKER = Float.intBitsToFloat(0x3F8CCCCD);
    /** Layouts by architecture, computed once (building the network) and kept: a process loads few architectures. */
    private static final Map<String, ParamsLayout> CACHE = new ConcurrentHashMap<>();

    private final String architecture;
    private final byte[] reference;
    /** Start (inclusive) and end (exclusive) byte offsets of each parameter's values, in file order. */
    private final List<int[]> valueRanges;
    private final List<String> names;
    private final boolean bigEndian;

    private ParamsLayout(String architecture, byte[] reference, List<int[]> valueRanges, List<String> names, boolean bigEndian) {
        this.architecture = architecture;
        this.reference = reference;
        this.valueRanges = valueRanges;
        this.names = names;
        this.bigEndian = bigEndian;
    }

    /**
     * Refuses {@code params} (the content of {@code file}) unless it is a parameter file of architecture {@code spec}
     * with finite values. Call it before {@link DigitModel#loadParameters}: nothing in the file is parsed, and nothing is
     * allocated for an architecture whose parameters could not fit in the file (a descriptor claiming a huge network
     * would otherwise make the engine allocate it, tens of gigabytes, before reading a byte).
     */
    public static void check(ModelSpec spec, byte[] params, Path file) {
        long parameters = ModelSummary.of(spec).totalParams();
        if (parameters * Float.BYTES >= params.length) {
            throw mismatch(file, spec.toString(), params.length + " bytes cannot hold its " + parameters + " parameters");
        }
        CACHE.computeIfAbsent(spec.toString(), key -> compute(spec)).check(params, file);
    }

    /** Refuses {@code params} (the content of {@code file}) unless it has this layout and only finite values. */
    private void check(byte[] params, Path file) {
        if (params.length != reference.length) {
            throw mismatch(file, architecture, params.length + " bytes, but its parameter files have "
                    + reference.length + " bytes");
        }
        int from = 0;
        for (int p = 0; p <= valueRanges.size(); p++) {
            int to = p < valueRanges.size() ? valueRanges.get(p)[0] : reference.length;
            int mismatch = Arrays.mismatch(params, from, to, reference, from, to);
            if (mismatch >= 0) {
                String where = p < names.size() ? "the header of parameter " + names.get(p) : "the end of the file";
                throw mismatch(file, architecture, "byte " + (from + mismatch) + " (in " + where
                        + ") differs from its layout");
            }
            if (p < valueRanges.size()) {
                checkFinite(params, valueRanges.get(p), names.get(p), file);
                from = valueRanges.get(p)[1];
            }
        }
    }

    private void checkFinite(byte[] params, int[] range, String name, Path file) {
        for (int i = range[0]; i < range[1]; i += Float.BYTES) {
            float v = Float.intBitsToFloat(bigEndian ? intBigEndian(params, i) : Integer.reverseBytes(intBigEndian(params, i)));
            if (!Float.isFinite(v)) {
                throw new InvalidInputException(file + ": parameter " + name + " holds " + v + " (value "
                        + (i - range[0]) / Float.BYTES + "); parameters must be finite numbers");
            }
        }
    }

    /** Messages start alike, whatever the difference: the file is not a parameter file of this architecture. */
    private static InvalidInputException mismatch(Path file, String architecture, String detail) {
        return new InvalidInputException(file + ": does not match architecture " + architecture + ": " + detail);
    }

    private static ParamsLayout compute(ModelSpec spec) {
        try (DigitModel model = DigitModel.create(spec)) {
            model.initialize();
            List<String> names = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            for (Pair<String, Parameter> p : model.block().getParameters()) {
                names.add(p.getKey());
                sizes.add(p.getValue().getArray().size() * Float.BYTES);
            }
            byte[] zeros = filledWith(model, 0f);
            byte[] marked = filledWith(model, MARKER);
            if (zeros.length != marked.length) throw new IllegalStateException("parameter file size depends on the values");
            List<int[]> ranges = new ArrayList<>();
            for (int i = 0; i < zeros.length; i++) {
                if (zeros[i] == marked[i]) continue;
                int start = i;
                while (i < zeros.length && zeros[i] != marked[i]) i++;
                ranges.add(new int[]{start, i});
            }
            List<Long> found = ranges.stream().map(r -> (long) (r[1] - r[0])).toList();
            if (!found.equals(sizes)) {
                // The values must appear in parameter order, each as one run of float32 bytes.
                throw new IllegalStateException("unexpected parameter file layout for " + spec + ": value bytes " + found
                        + ", parameter bytes " + sizes);
            }
            boolean bigEndian = ranges.isEmpty() || intBigEndian(marked, ranges.get(0)[0]) == Float.floatToIntBits(MARKER);
            return new ParamsLayout(spec.toString(), zeros, List.copyOf(ranges), List.copyOf(names), bigEndian);
        }
    }

    private static byte[] filledWith(DigitModel model, float value) {
        for (Pair<String, Parameter> p : model.block().getParameters()) {
            NDArray array = p.getValue().getArray();
            float[] filled = new float[Math.toIntExact(array.size())];
            Arrays.fill(filled, value);
            array.set(FloatBuffer.wrap(filled));
        }
        return ModelStore.parameterBytes(model);
    }

    private static int intBigEndian(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
