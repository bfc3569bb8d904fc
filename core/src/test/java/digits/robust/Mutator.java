package digits.robust;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded random damage to a valid file, in the manner of a mutation fuzzer: one to three edits from bit flips, byte
 * and integer overwrites with boundary values, cuts, deletions, duplications, insertions, and (for text) tokens a
 * parser must refuse. Offsets favour the first {@code headerBytes}, where formats keep their counts and sizes.
 */
final class Mutator {
    private static final int[] INTERESTING_INTS = {0, 1, -1, 255, 256, 784, 65535, 1 << 20, 0x7ffffff0, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 0x00000801, 0x00000803};
    private static final byte[] INTERESTING_BYTES = {0, 1, 9, 10, 0x7f, (byte) 0x80, (byte) 0xff, ',', '\n', '"'};
    private static final String[] TOKENS = {"NaN", "-1", "256", "1e400", "Infinity", "-Infinity", ",", "\n", "\r\n", "\"",
            "{", "}", "[", "]", ":", "null", "true", "999999999999999999999999", "-0", "0.5", "\u0000", "\uFEFF", "é", " "};

    /** A damaged copy and what was done to it, to reproduce a failure. */
    record Mutant(byte[] bytes, String description) {}

    private final Random random;
    private final int headerBytes;
    private final boolean text;

    Mutator(long seed, int headerBytes, boolean text) {
        this.random = new Random(seed);
        this.headerBytes = headerBytes;
        this.text = text;
    }

    Mutant mutate(byte[] valid) {
        byte[] bytes = valid;
        List<String> done = new ArrayList<>();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int kind = random.nextInt(text ? 10 : 9);
            int at = offset(bytes.length);
            switch (kind) {
                case 0 -> {
                    int bit = random.nextInt(8);
                    bytes = set(bytes, at, (byte) (byteAt(bytes, at) ^ (1 << bit)));
                    done.add("flip bit " + bit + " of byte " + at);
                }
                case 1 -> {
                    byte b = (byte) random.nextInt(256);
                    bytes = set(bytes, at, b);
                    done.add("byte " + at + " = " + (b & 0xff));
                }
                case 2 -> {
                    byte b = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                    bytes = set(bytes, at, b);
                    done.add("byte " + at + " = " + (b & 0xff));
                }
                case 3 -> {
                    int v = INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
                    if (bytes.length >= 4) {
                        int where = Math.min(at, bytes.length - 4);
                        bytes = bytes.clone();
                        ByteBuffer.wrap(bytes).putInt(where, v);
                        done.add("int at " + where + " = " + v);
                    }
                }
                case 4 -> {
                    bytes = Arrays.copyOf(bytes, at);
                    done.add("cut at " + at);
                }
                case 5 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(64));
                    bytes = splice(bytes, at, length, new byte[0]);
                    done.add("delete " + length + " at " + at);
                }
                case 6 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(256));
                    bytes = splice(bytes, at, 0, Arrays.copyOfRange(bytes, at, at + length));
                    done.add("duplicate " + length + " at " + at);
                }
                case 7 -> {
                    byte[] junk = new byte[1 + random.nextInt(32)];
                    random.nextBytes(junk);
                    bytes = splice(bytes, at, 0, junk);
                    done.add("insert " + junk.length + " random bytes at " + at);
                }
                case 8 -> {
                    byte[] junk = new byte[1 + random.nextInt(1024)];
                    random.nextBytes(junk);
                    bytes = splice(bytes, bytes.length, 0, junk);
                    done.add("append " + junk.length + " random bytes");
                }
                default -> {
                    String token = TOKENS[random.nextInt(TOKENS.length)];
                    boolean replace = random.nextBoolean() && at < bytes.length;
                    bytes = splice(bytes, at, replace ? 1 : 0, token.getBytes(StandardCharsets.UTF_8));
                    done.add((replace ? "replace byte " + at + " with " : "insert at " + at + " ") + printable(token));
                }
            }
        }
        return new Mutant(bytes, String.join("; ", done));
    }

    /** Half the edits land in the header, the rest anywhere. */
    private int offset(int length) {
        if (length == 0) return 0;
        if (random.nextBoolean()) return random.nextInt(Math.min(length, headerBytes));
        return random.nextInt(length);
    }

    private static byte byteAt(byte[] bytes, int at) {
        return at < bytes.length ? bytes[at] : 0;
    }

    private static byte[] set(byte[] bytes, int at, byte value) {
        if (at >= bytes.length) return bytes;
        byte[] out = bytes.clone();
        out[at] = value;
        return out;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
        out.write(bytes, 0, at);
        out.write(insert, 0, insert.length);
        out.write(bytes, at + remove, bytes.length - at - remove);
        return out.toByteArray();
    }

    private static String printable(String token) {
        return "'" + token.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0") + "'";
    }
}
