package digits.report;

import digits.data.Dataset;
import digits.data.augment.Augmenter;
import digits.data.augment.Transform;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** What augmentation does to real digits: each row one digit, then random variants captioned with their transform. */
public final class AugmentationPreview {

    private AugmentationPreview() {}

    /**
     * @param indices  the digits to show, one row each
     * @param variants augmented copies per digit
     * @param seed     the same seed draws the same variants
     */
    public static BufferedImage render(Dataset data, int[] indices, Augmenter augmenter, int variants, long seed, String title) {
        if (variants < 1) throw new IllegalArgumentException("variants must be >= 1, got " + variants);
        List<DigitGrid.Tile> tiles = new ArrayList<>();
        for (int row = 0; row < indices.length; row++) {
            float[] image = data.image(indices[row]);
            String label = data.hasLabels() ? "label " + data.label(indices[row]) : "#" + indices[row];
            tiles.add(new DigitGrid.Tile(image, List.of(label, "original"), Style.TEXT));
            SplittableRandom random = Augmenter.random(seed, 0, row);
            for (int v = 0; v < variants; v++) {
                Transform t = augmenter.sample(random);
                tiles.add(new DigitGrid.Tile(t.apply(image), caption(t), Style.BLUE));
            }
        }
        return DigitGrid.render(tiles, variants + 1, title);
    }

    private static List<String> caption(Transform t) {
        List<String> lines = new ArrayList<>(List.of(
                String.format(Locale.ROOT, "%+.1f\u00B0", t.rotationDegrees()),
                String.format(Locale.ROOT, "zoom %.2f\u00D7%.2f", t.zoomX(), t.zoomY()),
                String.format(Locale.ROOT, "shift %+.1f, %+.1f", t.shiftX(), t.shiftY())));
        if (t.bend() != null) {
            double most = 0;
            for (double d : t.bend()) most = Math.max(most, Math.abs(d));
            lines.add(String.format(Locale.ROOT, "bend \u2264 %.1f px", most));
        }
        return lines;
    }
}
