package digits.report;

import digits.data.Dataset;
import digits.eval.MostConfused;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Digits in a grid, each upscaled and captioned: data samples, or a model's worst mistakes. */
public final class DigitGrid {
    static {
        Style.headless();
    }

    /** One image and the caption lines under it (the first line bold), drawn in {@code colour}. */
    public record Tile(float[] pixels, List<String> caption, Color colour) {}

    static final int SCALE = 4;
    private static final int GAP = 14;
    private static final int MARGIN = 16;

    private DigitGrid() {}

    /** The chosen images of a data set, captioned with their label (or their index when unlabelled). */
    public static BufferedImage samples(Dataset data, int[] indices, int columns, String title) {
        List<Tile> tiles = new ArrayList<>();
        for (int i : indices) {
            String caption = data.hasLabels() ? "label " + data.label(i) : "#" + i;
            tiles.add(new Tile(data.image(i), List.of(caption), Style.TEXT));
        }
        return render(tiles, columns, title);
    }

    /**
     * Which images a sample grid shows: the first {@code perLabel} images of each digit, arranged so that each row of
     * ten reads 0 to 9 (a digit with fewer images leaves its places out); the first {@code 10 * perLabel} images of
     * unlabelled data.
     */
    public static int[] sampleIndices(Dataset data, int perLabel) {
        if (perLabel < 1) throw new IllegalArgumentException("perLabel must be >= 1, got " + perLabel);
        if (!data.hasLabels()) return java.util.stream.IntStream.range(0, Math.min(data.size(), Dataset.CLASSES * perLabel)).toArray();
        int[][] first = new int[Dataset.CLASSES][perLabel];
        int[] found = new int[Dataset.CLASSES];
        for (int i = 0; i < data.size(); i++) {
            int label = data.label(i);
            if (label >= 0 && label < Dataset.CLASSES && found[label] < perLabel) first[label][found[label]++] = i;
        }
        List<Integer> order = new ArrayList<>();
        for (int row = 0; row < perLabel; row++) {
            for (int digit = 0; digit < Dataset.CLASSES; digit++) if (row < found[digit]) order.add(first[digit][row]);
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Misclassified images with their true and predicted label and the model's confidence, in red. */
    public static BufferedImage mistakes(Dataset data, List<MostConfused.Mistake> mistakes, int columns, String title) {
        List<Tile> tiles = new ArrayList<>();
        for (MostConfused.Mistake m : mistakes) {
            tiles.add(new Tile(data.image(m.index()), List.of(
                    "true " + m.trueLabel() + " \u2192 " + m.predicted(),
                    String.format(Locale.ROOT, "%.1f%%  #%d", 100.0 * m.probability(), m.index())), Style.RED));
        }
        return render(tiles, columns, title);
    }

    /** The general grid: {@code columns} tiles per row, a title on top (none when null). */
    public static BufferedImage render(List<Tile> tiles, int columns, String title) {
        if (tiles.isEmpty()) throw new IllegalArgumentException("no images to draw");
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        int lines = tiles.stream().mapToInt(t -> t.caption().size()).max().orElse(0);
        BufferedImage probe = Style.canvas(1, 1);
        Graphics2D pg = probe.createGraphics();
        FontMetrics captionMetrics = pg.getFontMetrics(Style.SMALL);
        int captionWidth = 0;
        for (Tile t : tiles) for (String line : t.caption()) captionWidth = Math.max(captionWidth, captionMetrics.stringWidth(line));
        pg.dispose();
        int digitSize = Dataset.COLS * SCALE;
        int tileWidth = Math.max(digitSize, captionWidth);
        int lineHeight = captionMetrics.getHeight();
        int tileHeight = digitSize + 6 + lines * lineHeight;
        int titleHeight = title == null ? 0 : 40;
        int width = 2 * MARGIN + cols * tileWidth + (cols - 1) * GAP;
        int height = 2 * MARGIN + titleHeight + rows * tileHeight + (rows - 1) * GAP;

        BufferedImage image = Style.canvas(width, height);
        Graphics2D g = Style.graphics(image);
        if (title != null) {
            g.setFont(Style.TITLE);
            g.setColor(Style.TEXT);
            Style.centred(g, title, width / 2.0, MARGIN + 22);
        }
        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int x = MARGIN + (i % cols) * (tileWidth + GAP);
            int y = MARGIN + titleHeight + (i / cols) * (tileHeight + GAP);
            int dx = x + (tileWidth - digitSize) / 2;
            g.drawImage(Pictures.digit(t.pixels(), SCALE), dx, y, null);
            g.setColor(Style.GRID);
            g.drawRect(dx - 1, y - 1, digitSize + 1, digitSize + 1);
            g.setColor(t.colour());
            for (int l = 0; l < t.caption().size(); l++) {
                g.setFont(l == 0 ? Style.SMALL.deriveFont(java.awt.Font.BOLD) : Style.SMALL);
                Style.centred(g, t.caption().get(l), x + tileWidth / 2.0, y + digitSize + 4 + (l + 1) * lineHeight - captionMetrics.getDescent());
            }
        }
        g.dispose();
        return image;
    }
}
