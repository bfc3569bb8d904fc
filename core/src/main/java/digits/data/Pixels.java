package digits.data;

/** Conversions between stored 0-255 grey levels and the [0,1] floats a {@link Dataset} holds. */
final class Pixels {
    private static final float[] BYTE_TO_FLOAT = new float[256];

    static {
        for (int i = 0; i < 256; i++) BYTE_TO_FLOAT[i] = i / 255f;
    }

    private Pixels() {}

    /** The first {@code length} bytes, read as unsigned grey levels, scaled to [0,1]. */
    static float[] toFloats(byte[] bytes, int length) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) out[i] = BYTE_TO_FLOAT[bytes[i] & 0xff];
        return out;
    }

    /** The grey level 0-255 of a [0,1] pixel, or -1 when the value is outside [0,1] or NaN. */
    static int toGrey(float value) {
        if (!(value >= 0f && value <= 1f)) return -1;
        return Math.round(value * 255f);
    }

    /** {@link #toGrey} that refuses bad values with a message naming the dataset, image and pixel. */
    static int toGrey(Dataset data, int index) {
        float value = data.pixels()[index];
        int grey = toGrey(value);
        if (grey < 0) {
            throw new IllegalArgumentException(data.name() + ": image " + index / Dataset.PIXELS + " pixel "
                    + index % Dataset.PIXELS + " is " + value + ", outside [0,1]");
        }
        return grey;
    }
}
