package digits.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a picture is cleaned before it is fitted into the MNIST frame: see {@link ImagePreprocessor}.
 * <ul>
 *   <li>{@link #MNIST}: one background level for the whole picture (drawings, MNIST-like scans);</li>
 *   <li>{@link #PHOTO}: a photo or scan of paper: uneven light, paper texture, ruled or squared lines, any pen
 *       ({@link PhotoCleanup});</li>
 *   <li>{@link #AUTO}: {@link #PHOTO} when the background is not uniform ({@link PhotoCleanup#looksLikePhoto}),
 *       {@link #MNIST} otherwise.</li>
 * </ul>
 */
public enum Preprocessing {
    AUTO, MNIST, PHOTO;

    /** The mode used when none is asked for: the one definition of the default. */
    public static final Preprocessing DEFAULT = AUTO;

    /** The mode's name as options spell it: auto, mnist, photo. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "auto, mnist, photo": for help and error messages. */
    public static String keys() {
        return Arrays.stream(values()).map(Preprocessing::key).collect(Collectors.joining(", "));
    }

    /** The mode named {@code key} (any case); an unknown name throws a message listing the known ones. */
    public static Preprocessing parse(String key) {
        for (Preprocessing p : values()) {
            if (p.key().equalsIgnoreCase(key.trim())) return p;
        }
        throw new IllegalArgumentException("unknown preprocessing '" + key + "': use " + keys());
    }
}
