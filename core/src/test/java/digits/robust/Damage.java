package digits.robust;

import digits.model.ModelDescriptor;
import digits.model.ModelStore;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;

/** Ways to damage real files: byte edits, header fields of PNG and BMP, and model directories re-hashed after an edit. */
final class Damage {
    private Damage() {}

    static byte[] truncate(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] putInt(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).putInt(offset, value);
        return out;
    }

    static byte[] putByte(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        out[offset] = (byte) value;
        return out;
    }

    /** The PNG with the width and height in its IHDR chunk replaced, and the chunk's CRC fixed so readers accept it. */
    static byte[] pngSize(byte[] png, int width, int height) {
        byte[] out = putInt(putInt(png, 16, width), 20, height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 4 + 13);
        return putInt(out, 29, (int) crc.getValue());
    }

    /** The BMP with the width and height in its info header replaced (little-endian, at offsets 18 and 22). */
    static byte[] bmpSize(byte[] bmp, int width, int height) {
        byte[] out = bmp.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(18, width);
        b.putInt(22, height);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new IllegalArgumentException("pattern not found");
    }

    /** Offset of the first array's rank (the int after its "FLOAT32" data type) in a DJL parameter file. */
    static int firstRank(byte[] params) {
        return indexOf(params, "FLOAT32".getBytes(StandardCharsets.US_ASCII), 0) + "FLOAT32".length();
    }

    /** Offset of the first array's data length: the int holding {@code valueBytes}, after its shape. */
    static int firstDataLength(byte[] params, int valueBytes) {
        return indexOf(params, ByteBuffer.allocate(4).putInt(valueBytes).array(), firstRank(params));
    }

    /** The model directory's descriptor after {@code edit}. */
    static void editDescriptor(Path dir, UnaryOperator<ModelDescriptor> edit) {
        ModelStore.writeDescriptor(edit.apply(ModelStore.readDescriptor(dir)), dir);
    }

    /**
     * Replaces the parameter file's content and re-hashes it in the descriptor, as anyone editing the directory can:
     * the SHA-256 then matches, so only the loader's own checks stand between the bytes and the engine.
     */
    static Path replaceParams(Path dir, byte[] params) {
        ModelDescriptor d = ModelStore.readDescriptor(dir);
        Path file = dir.resolve(d.paramsFile());
        RealInputs.write(file, params);
        ModelStore.writeDescriptor(d.withParams(d.paramsFile(), ModelStore.sha256(params)), dir);
        return file;
    }

    static byte[] params(Path dir) {
        return RealInputs.read(paramsFile(dir));
    }

    static Path paramsFile(Path dir) {
        return dir.resolve(ModelStore.readDescriptor(dir).paramsFile());
    }

    static ModelDescriptor withArchitecture(ModelDescriptor d, String architecture) {
        return new ModelDescriptor(d.format(), d.formatVersion(), d.name(), architecture, d.parameters(), d.input(), d.training(),
                d.data(), d.metrics(), d.versions(), d.created(), d.paramsFile(), d.paramsSha256());
    }

    static ModelDescriptor withFormat(ModelDescriptor d, String format, int version) {
        return new ModelDescriptor(format, version, d.name(), d.architecture(), d.parameters(), d.input(), d.training(),
                d.data(), d.metrics(), d.versions(), d.created(), d.paramsFile(), d.paramsSha256());
    }
}
