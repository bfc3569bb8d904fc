package digits.data.render;

import digits.data.Dataset;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The conditions real handwriting arrives in, each a deterministic way of turning an MNIST digit into what a
 * camera, a scanner or a thumbnail would give: {@link #CLEAN} is the digit itself, the {@code photo-*} conditions are
 * {@link PhotoRenderer} pictures, the {@code low-res-*} ones 28x28 pixels (shrunk and enlarged back,
 * {@link LowResolution}), which can also be had as pictures. The benchmark makes them from test digits only; training
 * digits made the same way teach a model what such pictures look like ({@code digits.api.PhotoData}).
 */
public enum Condition {
    CLEAN("clean", "the MNIST digit as it is", null, 0),
    PHOTO("photo", "off-white textured paper, uneven light, blur, noise, JPEG", PhotoRenderer.Style.BASE, 0),
    PHOTO_SHADOW("photo-shadow", "the photo with a soft shadow across part of the sheet",
            new PhotoRenderer.Style(true, PhotoRenderer.Paper.PLAIN, PhotoRenderer.Pen.BLACK, PhotoRenderer.Stroke.NORMAL, 0), 0),
    PHOTO_RULED("photo-ruled", "on ruled paper (light blue lines)",
            new PhotoRenderer.Style(false, PhotoRenderer.Paper.RULED, PhotoRenderer.Pen.BLACK, PhotoRenderer.Stroke.NORMAL, 0), 0),
    PHOTO_SQUARED("photo-squared", "on squared paper",
            new PhotoRenderer.Style(false, PhotoRenderer.Paper.SQUARED, PhotoRenderer.Pen.BLACK, PhotoRenderer.Stroke.NORMAL, 0), 0),
    PHOTO_COLOUR("photo-colour", "blue, red or green ink",
            new PhotoRenderer.Style(false, PhotoRenderer.Paper.PLAIN, PhotoRenderer.Pen.BLUE, PhotoRenderer.Stroke.NORMAL, 0), 0),
    PHOTO_THIN("photo-thin", "a fine pen (strokes about half as wide)",
            new PhotoRenderer.Style(false, PhotoRenderer.Paper.PLAIN, PhotoRenderer.Pen.BLACK, PhotoRenderer.Stroke.THIN, 0), 0),
    PHOTO_THICK("photo-thick", "a marker (strokes about twice as wide)",
            new PhotoRenderer.Style(false, PhotoRenderer.Paper.PLAIN, PhotoRenderer.Pen.BLACK, PhotoRenderer.Stroke.THICK, 0), 0),
    PHOTO_ROTATED("photo-rotated", "the sheet turned by up to ±8 degrees, ruled",
            new PhotoRenderer.Style(false, PhotoRenderer.Paper.RULED, PhotoRenderer.Pen.BLACK, PhotoRenderer.Stroke.NORMAL, 8), 0),
    PHOTO_MIXED("photo-mixed", "each of the above at random", PhotoRenderer.Style.BASE, 0),
    LOW_RES_16("low-res-16", "shrunk to 16x16 and enlarged back", null, 16),
    LOW_RES_12("low-res-12", "shrunk to 12x12 and enlarged back", null, 12),
    LOW_RES_8("low-res-8", "shrunk to 8x8 and enlarged back", null, 8);

    private final String key;
    private final String description;
    private final PhotoRenderer.Style style;
    private final int side;

    Condition(String key, String description, PhotoRenderer.Style style, int side) {
        this.key = key;
        this.description = description;
        this.style = style;
        this.side = side;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** Whether the condition gives a picture (for the image preprocessor) rather than 28x28 pixels. */
    public boolean isPhoto() {
        return style != null;
    }

    /**
     * The 28x28 pixels of a non-photo condition for digit {@code index} of {@code test} (light ink on dark, as the
     * model takes them).
     */
    public float[] pixels(Dataset test, int index) {
        if (isPhoto()) throw new IllegalStateException(key + " gives pictures, not pixels");
        float[] digit = test.image(index);
        return side == 0 ? digit : LowResolution.downAndUp(digit, side);
    }

    /**
     * The picture of digit {@code index} of {@code test} in this condition; the same index and seed give the same picture. A
     * non-photo condition gives its 28x28 pixels as an 8-bit gray image (light ink on dark).
     */
    public BufferedImage picture(Dataset test, int index, long seed) {
        if (!isPhoto()) return grayImage(pixels(test, index));
        long imageSeed = seed * 1_000_003L + index * 7919L + ordinal();
        PhotoRenderer.Style drawn = switch (this) {
            case PHOTO_MIXED -> mixed(new Random(imageSeed));
            case PHOTO_COLOUR -> new PhotoRenderer.Style(false, PhotoRenderer.Paper.PLAIN, colour(new Random(imageSeed)),
                    PhotoRenderer.Stroke.NORMAL, 0);
            default -> style;
        };
        return PhotoRenderer.render(test.image(index), drawn, imageSeed);
    }

    private static BufferedImage grayImage(float[] pixels) {
        BufferedImage image = new BufferedImage(Dataset.COLS, Dataset.ROWS, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < pixels.length; i++) {
            image.getRaster().setSample(i % Dataset.COLS, i / Dataset.COLS, 0, Math.round(255 * pixels[i]));
        }
        return image;
    }

    private static PhotoRenderer.Pen colour(Random random) {
        PhotoRenderer.Pen[] pens = PhotoRenderer.Pen.values();
        return pens[1 + random.nextInt(pens.length - 1)];
    }

    private static PhotoRenderer.Style mixed(Random random) {
        PhotoRenderer.Paper[] papers = PhotoRenderer.Paper.values();
        PhotoRenderer.Pen[] pens = PhotoRenderer.Pen.values();
        PhotoRenderer.Stroke[] strokes = PhotoRenderer.Stroke.values();
        return new PhotoRenderer.Style(random.nextBoolean(), papers[random.nextInt(papers.length)],
                pens[random.nextInt(pens.length)], strokes[random.nextInt(strokes.length)], 8 * random.nextDouble());
    }

    /** "clean, photo, ...": for help and error messages. */
    public static String keys() {
        return Arrays.stream(values()).map(Condition::key).collect(Collectors.joining(", "));
    }

    /** "photo, photo-shadow, ...": the conditions that give pictures of paper. */
    public static String photoKeys() {
        return Arrays.stream(values()).filter(Condition::isPhoto).map(Condition::key).collect(Collectors.joining(", "));
    }

    /** The condition named {@code key}; an unknown name throws a message listing the known ones. */
    public static Condition parse(String key) {
        for (Condition c : values()) if (c.key.equalsIgnoreCase(key.trim())) return c;
        throw new IllegalArgumentException("unknown condition '" + key + "': use " + keys());
    }
}
