package digits.onnx;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One protocol-buffer message, written field by field with protobuf-java's {@link CodedOutputStream}. ONNX needs a
 * handful of its messages written, never read, so this writes them by field number ({@link OnnxGraph} names the
 * numbers of onnx.proto) instead of carrying classes generated from the whole schema.
 */
final class ProtoMessage {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    @FunctionalInterface
    private interface Field {
        void write() throws IOException;
    }

    private ProtoMessage put(Field field) {
        try {
            field.write();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing into memory: cannot happen
        }
        return this;
    }

    ProtoMessage int64(int field, long value) {
        return put(() -> out.writeInt64(field, value));
    }

    ProtoMessage float32(int field, float value) {
        return put(() -> out.writeFloat(field, value));
    }

    ProtoMessage string(int field, String value) {
        return put(() -> out.writeString(field, value));
    }

    ProtoMessage bytes(int field, byte[] value) {
        return put(() -> out.writeByteArray(field, value));
    }

    ProtoMessage message(int field, ProtoMessage value) {
        return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
        put(out::flush);
        return bytes.toByteArray();
    }
}
