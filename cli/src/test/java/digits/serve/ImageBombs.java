package digits.serve;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Small files that declare (and for PNG, really hold) huge images: "decompression bombs". */
final class ImageBombs {
    private ImageBombs() {}

    /**
     * A valid PNG of {@code width x height} black pixels, all of its data present: deflate packs the zero rows about
     * 1000 to 1, so 3000x3000 16-bit RGBA (72 MB to inflate) is about 70 KB.
     *
     * @param colorType 0 gray, 2 RGB, 6 RGBA
     */
    static byte[] png(int width, int height, int colorType, int bitDepth) {
        int channels = colorType == 6 ? 4 : colorType == 2 ? 3 : 1;
        long rowBytes = ((long) width * channels * bitDepth + 7) / 8;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9), 1 << 16)) {
            byte[] row = new byte[(int) rowBytes + 1]; // filter byte 0, then zeros
            for (int y = 0; y < height; y++) z.write(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png(width, height, colorType, bitDepth, idat.toByteArray());
    }

    /** A PNG whose header declares {@code width x height} 8-bit RGBA but whose data is one deflated row: about 100 bytes. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
            z.write(new byte[1 + 4 * Math.min(width, 1000)]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png(width, height, 6, 8, idat.toByteArray());
    }

    /** A real small JPEG whose start-of-frame header is rewritten to declare {@code width x height}. */
    static byte[] jpegClaiming(int width, int height) {
        byte[] jpeg = encode(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg");
        for (int i = 0; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) { // SOF0: length(2) precision(1) height(2) width(2)
                putShort(jpeg, i + 5, height, ByteOrder.BIG_ENDIAN);
                putShort(jpeg, i + 7, width, ByteOrder.BIG_ENDIAN);
                return jpeg;
            }
        }
        throw new AssertionError("no SOF0 marker in the encoded JPEG");
    }

    /** A real small GIF whose screen and image descriptor are rewritten to declare {@code width x height}. */
    static byte[] gifClaiming(int width, int height) {
        byte[] gif = encode(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED), "gif");
        putShort(gif, 6, width, ByteOrder.LITTLE_ENDIAN);
        putShort(gif, 8, height, ByteOrder.LITTLE_ENDIAN);
        int at = 13;
        if ((gif[10] & 0x80) != 0) at += 3 * (1 << ((gif[10] & 7) + 1)); // global colour table
        while (gif[at] == 0x21) { // extensions: introducer, label, then sub-blocks up to a zero length
            at += 2;
            while (gif[at] != 0) at += (gif[at] & 0xff) + 1;
            at++;
        }
        if (gif[at] != 0x2c) throw new AssertionError("no image descriptor at " + at);
        putShort(gif, at + 5, width, ByteOrder.LITTLE_ENDIAN);
        putShort(gif, at + 7, height, ByteOrder.LITTLE_ENDIAN);
        return gif;
    }

    /** A 54-byte BMP header declaring {@code width x height} 24-bit pixels, with no pixel data. */
    static byte[] bmpClaiming(int width, int height) {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        long imageBytes = (long) ((width * 3 + 3) & ~3) * height;
        bmp.put((byte) 'B').put((byte) 'M').putInt((int) Math.min(Integer.MAX_VALUE, 54 + imageBytes)).putInt(0).putInt(54);
        bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0)
                .putInt((int) Math.min(Integer.MAX_VALUE, imageBytes)).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return bmp.array();
    }

    private static byte[] png(int width, int height, int colorType, int bitDepth, byte[] idat) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream header = new DataOutputStream(ihdr);
            header.writeInt(width);
            header.writeInt(height);
            header.writeByte(bitDepth);
            header.writeByte(colorType);
            header.writeByte(0); // deflate
            header.writeByte(0); // adaptive filtering
            header.writeByte(0); // not interlaced
            chunk(out, "IHDR", ihdr.toByteArray());
            chunk(out, "IDAT", idat);
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(name);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    private static void putShort(byte[] bytes, int at, int value, ByteOrder order) {
        ByteBuffer.wrap(bytes, at, 2).order(order).putShort((short) value);
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) throw new AssertionError("no " + format + " writer");
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
