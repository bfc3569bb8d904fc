package digits.api;

import digits.data.InkBox;
import digits.data.InvalidInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads a handwritten number (one line of digits, any spacing, touching or overlapping pairs, broken strokes) with a
 * digit classifier.
 * <pre>{@code
 * try (DigitRecognizer recognizer = DigitRecognizer.load(Path.of("runs/quick-cnn"))) {
 *     NumberReading reading = new NumberReader(recognizer).read(Path.of("number.png"));
 *     System.out.println(reading.number() + " " + reading.confidence());
 * }
 * }</pre>
 * The method: the picture's ink (as {@link ImagePreprocessor} finds it) is split into pieces ({@link InkPieces}:
 * connected strokes, broken-off bits joined, wide strokes cut along the path that crosses the least ink). Every run of
 * up to {@value #MAX_PIECES} consecutive pieces that could be one digit, and every whole mark, is normalised like an
 * MNIST digit and classified, all in one batch; dynamic programming then picks the split into digits with the best
 * total score: the log-probability of each digit's best class, plus a bonus per digit, minus penalties for cutting
 * through ink, joining separate marks, and digits much wider or shorter than the line's digit height ({@link Settings}).
 *
 * <p>The reader does not own the classifier: closing it is the caller's business. Safe for concurrent callers when
 * the classifier is.
 */
public final class NumberReader {
    /** Most pieces one digit may be made of. */
    static final int MAX_PIECES = 5;
    /** Pictures are scaled down so that the ink is at most this many pixels tall before splitting (speed; boxes are mapped back). */
    static final int WORK_HEIGHT = 96;
    /**
     * A mark at most this many digit heights wide is a candidate digit however many pieces it was cut into (separated
     * digits made from MNIST test digits 0-4999 are narrower in 99 cases of 100; touching pairs are wider in 9 of 10).
     */
    static final float WHOLE_MARK_WIDTH = 1.2f;
    /** Several pieces wider than this many digit heights are never taken for one digit. */
    static final float MAX_RELATIVE_WIDTH = 2f;

    /**
     * How segmentations are scored; every length is in digit heights, cut depths in stroke widths.
     *
     * @param digitBonus   added per digit (more digits against fewer)
     * @param cutCost      subtracted per stroke width of ink a cut between two digits crosses
     * @param joinCost     subtracted per pair of separate marks read as one digit
     * @param maxWidth     width beyond which a digit is penalised
     * @param widthCost    subtracted per digit height beyond {@code maxWidth}
     * @param minHeight    height below which a digit is penalised
     * @param heightCost   subtracted per digit height below {@code minHeight}
     */
    public record Settings(float digitBonus, float cutCost, float joinCost, float maxWidth, float widthCost,
                           float minHeight, float heightCost) {
        /** Chosen on numbers made from MNIST test digits 0-4999 (docs/numbers.md). */
        public static final Settings DEFAULT = new Settings(-0.5f, 0.5f, 1f, 0.7f, 2f, 0.6f, 6f);
    }

    private final DigitClassifier classifier;
    private final ImagePreprocessor preprocessor;
    private final Settings settings;

    public NumberReader(DigitClassifier classifier) {
        this(classifier, new ImagePreprocessor(), Settings.DEFAULT);
    }

    public NumberReader(DigitClassifier classifier, ImagePreprocessor preprocessor, Settings settings) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * A PNG/JPEG/BMP/GIF file of a number. Unreadable, blank or oversized images throw {@link InvalidInputException}
     * with a one-line message naming the file.
     */
    public NumberReading read(Path imageFile) {
        return read(preprocessor.decode(imageFile), imageFile.toString());
    }

    /** An encoded image held in memory; errors call it {@code name}. */
    public NumberReading read(byte[] encoded, String name) {
        return read(preprocessor.decode(encoded, name), name);
    }

    /** A picture of a number, dark on light or light on dark; errors call it "image". */
    public NumberReading read(BufferedImage image) {
        return read(image, "image");
    }

    /** A picture of a number; errors call it {@code name}. */
    public NumberReading read(BufferedImage image, String name) {
        return classify(image, name).best(settings);
    }

    /** Splits the picture and classifies every candidate digit, in one batch; the scoring is left to {@link Lattice#best}. */
    Lattice classify(BufferedImage image, String name) {
        WorkImage work = WorkImage.of(ImagePreprocessor.ink(Objects.requireNonNull(image, "image"), name), image.getWidth(),
                image.getHeight(), name);
        InkPieces.Layout layout = InkPieces.split(work.ink(), work.width(), work.height(), name);
        List<InkPieces.Atom> atoms = layout.atoms();
        int n = atoms.size();
        // candidates[i][k]: pieces i..i+k as one digit (a shorter row when longer runs are too wide to be one)
        Candidate[][] candidates = new Candidate[n][];
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Candidate> row = new ArrayList<>();
            for (int end = i + 1; end <= Math.min(n, i + MAX_PIECES); end++) {
                Candidate c = Candidate.of(atoms, i, end, work, layout.digitHeight());
                if (c == null) break;
                row.add(c.queue(inputs));
            }
            // a whole mark as wide as one digit can be is a candidate however many cuts it was given, so that one wide
            // digit stays readable as one
            int end = wholeMarkEnd(atoms, i);
            if (end > i + MAX_PIECES) {
                Candidate c = Candidate.of(atoms, i, end, work, layout.digitHeight());
                if (c != null && c.relWidth <= WHOLE_MARK_WIDTH) row.add(c.queue(inputs));
            }
            candidates[i] = row.toArray(new Candidate[0]);
        }
        return new Lattice(atoms, candidates, classifier.predictBatch(inputs), work);
    }

    /** The end of the mark that piece {@code i} begins, or -1 when piece {@code i} is not the first piece of its mark. */
    static int wholeMarkEnd(List<InkPieces.Atom> atoms, int i) {
        if (i > 0 && atoms.get(i).cutFromPrevious()) return -1;
        int end = i + 1;
        while (end < atoms.size() && atoms.get(end).cutFromPrevious()) end++;
        return end;
    }

    /** Every way of reading the pieces as digits, with the classifier's answers: scored by {@link #best}. */
    record Lattice(List<InkPieces.Atom> atoms, Candidate[][] candidates, List<Prediction> predictions, WorkImage work) {
        /** Dynamic programming over where digits end: best[j] is the best score of pieces 0..j-1 read as digits. */
        NumberReading best(Settings settings) {
            int n = atoms.size();
            double[] best = new double[n + 1];
            Candidate[] last = new Candidate[n + 1];
            Arrays.fill(best, Double.NEGATIVE_INFINITY);
            best[0] = 0;
            for (int i = 0; i < n; i++) {
                if (best[i] == Double.NEGATIVE_INFINITY) continue;
                InkPieces.Atom first = atoms.get(i);
                double cut = i > 0 && first.cutFromPrevious() ? settings.cutCost() * first.cutBefore() : 0;
                for (Candidate c : candidates[i]) {
                    Prediction p = predictions.get(c.input);
                    double score = best[i] - cut + Math.log(Math.max(1e-6f, p.confidence())) + c.shapeScore(settings);
                    if (score > best[c.end]) {
                        best[c.end] = score;
                        last[c.end] = c;
                    }
                }
            }
            List<NumberReading.Digit> digits = new ArrayList<>();
            double confidence = 1;
            for (int j = n; j > 0; j = last[j].start) {
                Prediction p = predictions.get(last[j].input);
                digits.add(0, new NumberReading.Digit(p, work.toPicture(last[j].x0, last[j].y0, last[j].x1, last[j].y1)));
                confidence *= p.confidence();
            }
            return new NumberReading(digits, (float) confidence);
        }
    }

    /** Pieces {@code start..end-1} taken as one digit: its model input and its shape. */
    static final class Candidate {
        final int start;
        final int end;
        final float[] pixels;
        /** Width and height in digit heights; how many pairs of separate marks it joins. */
        final float relWidth, relHeight;
        final int joins;
        final int x0, y0, x1, y1;
        int input;

        private Candidate(int start, int end, float[] pixels, float relWidth, float relHeight, int joins,
                          int x0, int y0, int x1, int y1) {
            this.start = start;
            this.end = end;
            this.pixels = pixels;
            this.relWidth = relWidth;
            this.relHeight = relHeight;
            this.joins = joins;
            this.x0 = x0;
            this.y0 = y0;
            this.x1 = x1;
            this.y1 = y1;
        }

        /** Adds its pixels to the batch to classify, remembering where. */
        Candidate queue(List<float[]> inputs) {
            input = inputs.size();
            inputs.add(pixels);
            return this;
        }

        double shapeScore(Settings settings) {
            return settings.digitBonus() - settings.joinCost() * joins
                    - settings.widthCost() * Math.max(0, relWidth - settings.maxWidth())
                    - settings.heightCost() * Math.max(0, settings.minHeight() - relHeight);
        }

        /** The candidate, or null when several pieces together are too wide to be one digit. */
        static Candidate of(List<InkPieces.Atom> atoms, int start, int end, WorkImage work, float digitHeight) {
            int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = -1, y1 = -1;
            int joins = 0;
            for (int a = start; a < end; a++) {
                InkPieces.Atom atom = atoms.get(a);
                x0 = Math.min(x0, atom.x0());
                y0 = Math.min(y0, atom.y0());
                x1 = Math.max(x1, atom.x1());
                y1 = Math.max(y1, atom.y1());
                if (a > start && !atom.cutFromPrevious()) joins++;
            }
            float relWidth = (x1 - x0 + 1) / digitHeight;
            // a single piece is always a candidate, so that every picture has a reading
            if (end - start > 1 && relWidth > MAX_RELATIVE_WIDTH) return null;
            int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
            float[] crop = new float[cw * ch];
            for (int a = start; a < end; a++) {
                for (int p : atoms.get(a).pixels()) {
                    int x = p % work.width(), y = p / work.width();
                    crop[(y - y0) * cw + (x - x0)] = work.ink()[p];
                }
            }
            float[] pixels = ImagePreprocessor.normalise(crop, cw, ch);
            if (pixels == null) pixels = new float[ImagePreprocessor.SIZE * ImagePreprocessor.SIZE];
            return new Candidate(start, end, pixels, relWidth, (y1 - y0 + 1) / digitHeight, joins, x0, y0, x1, y1);
        }
    }

    /** The picture's ink cropped to its bounding box and scaled down to at most {@link #WORK_HEIGHT} rows. */
    record WorkImage(float[] ink, int width, int height, int offsetX, int offsetY, double scale) {
        static WorkImage of(float[] ink, int width, int height, String name) {
            InkBox box = InkBox.of(ink, width, height, InkPieces.STROKE);
            if (box == null) throw new InvalidInputException(name + ": the image is blank (no digit found)");
            // a margin of one pixel keeps the faint edges of the outermost strokes
            int x0 = Math.max(0, box.x0() - 1);
            int y0 = Math.max(0, box.y0() - 1);
            int x1 = Math.min(width - 1, box.x1() + 1);
            int y1 = Math.min(height - 1, box.y1() + 1);
            int w = x1 - x0 + 1, h = y1 - y0 + 1;
            double scale = Math.min(1.0, (double) WORK_HEIGHT / h);
            int sw = Math.max(1, (int) Math.round(w * scale)), sh = Math.max(1, (int) Math.round(h * scale));
            float[] work = AreaResampler.resample(ink, width, x0, y0, w, h, sw, sh);
            return new WorkImage(work, sw, sh, x0, y0, (double) sw / w);
        }

        /** A box of work pixels (inclusive) in the picture's pixels. */
        NumberReading.Box toPicture(int x0, int y0, int x1, int y1) {
            int left = offsetX + (int) Math.floor(x0 / scale);
            int top = offsetY + (int) Math.floor(y0 / scale);
            int right = offsetX + (int) Math.ceil((x1 + 1) / scale);
            int bottom = offsetY + (int) Math.ceil((y1 + 1) / scale);
            return new NumberReading.Box(left, top, right - left, bottom - top);
        }
    }
}
