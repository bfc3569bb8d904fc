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
 * With {@link PairModels}, a candidate as wide as two touching digits may also be read as two digits whole, without a
 * cut: the pair models name its left and its right digit ({@link PairSettings}).
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
     * With pair models, a mark as wide as a pair is one too (docs/numbers.md).
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

    /**
     * Which candidates the pair models may read as two digits, and how that reading is scored (besides the two
     * log-probabilities, the digit bonus twice, and the join and height penalties as for one digit).
     *
     * @param minWidth    narrowest candidate read as a pair, in digit heights
     * @param maxWidth    widest candidate read as a pair, in digit heights
     * @param bonus       added to a pair reading
     * @param whichWeight times the log-probability that the candidate is a pair and not one digit, added to a pair reading
     * @param splitWeight times the log-probability that a mark (one connected stroke cut into pieces) is a pair, added
     *                    to a reading that cuts it between two digits
     */
    public record PairSettings(float minWidth, float maxWidth, float bonus, float whichWeight, float splitWeight) {
        /** Chosen on numbers made from MNIST test digits 0-4999 (docs/numbers.md). */
        public static final PairSettings DEFAULT = new PairSettings(0.7f, 2f, 0.25f, 2f, 2f);

        boolean fits(float relWidth) {
            return relWidth >= minWidth && relWidth <= maxWidth;
        }
    }

    private final DigitClassifier classifier;
    private final PairModels pairs;
    private final ImagePreprocessor preprocessor;
    private final Settings settings;
    private final PairSettings pairSettings;

    public NumberReader(DigitClassifier classifier) {
        this(classifier, new ImagePreprocessor(), Settings.DEFAULT);
    }

    /** A reader that also reads touching pairs whole with {@code pairs} (not owned: closing them is the caller's business). */
    public NumberReader(DigitClassifier classifier, PairModels pairs) {
        this(classifier, Objects.requireNonNull(pairs, "pairs"), new ImagePreprocessor(), Settings.DEFAULT, PairSettings.DEFAULT);
    }

    public NumberReader(DigitClassifier classifier, ImagePreprocessor preprocessor, Settings settings) {
        this(classifier, null, preprocessor, settings, PairSettings.DEFAULT);
    }

    /** {@code pairs} may be null: then no candidate is read as a pair and {@code pairSettings} does nothing. */
    public NumberReader(DigitClassifier classifier, PairModels pairs, ImagePreprocessor preprocessor, Settings settings,
                        PairSettings pairSettings) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.pairs = pairs;
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pairSettings = Objects.requireNonNull(pairSettings, "pairSettings");
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
        return classify(image, name, pairSettings).best(settings, pairSettings);
    }

    /**
     * Splits the picture and classifies every candidate digit, and with pair models every candidate as wide as a pair
     * ({@code pairWidths}), in one batch each; the scoring is left to {@link Lattice#best}.
     */
    Lattice classify(BufferedImage image, String name, PairSettings pairWidths) {
        WorkImage work = WorkImage.of(ImagePreprocessor.ink(Objects.requireNonNull(image, "image"), name), image.getWidth(),
                image.getHeight(), name);
        InkPieces.Layout layout = InkPieces.split(work.ink(), work.width(), work.height(), name);
        List<InkPieces.Atom> atoms = layout.atoms();
        int n = atoms.size();
        // candidates[i][k]: pieces i..i+k as one digit (a shorter row when longer runs are too wide to be one)
        Candidate[][] candidates = new Candidate[n][];
        List<float[]> inputs = new ArrayList<>();
        List<float[]> pairInputs = new ArrayList<>();
        // a whole mark as wide as one digit can be is a candidate however many cuts it was given, so that one wide digit
        // stays readable as one (and one as wide as a pair, as a pair); with the pair models any mark a pair could be,
        // since their which model tells one wide digit from two (the split weight)
        float wholeWidth = pairs != null ? Math.max(WHOLE_MARK_WIDTH, pairWidths.maxWidth()) : WHOLE_MARK_WIDTH;
        for (int i = 0; i < n; i++) {
            List<Candidate> row = new ArrayList<>();
            for (int end = i + 1; end <= Math.min(n, i + MAX_PIECES); end++) {
                Candidate c = Candidate.of(atoms, i, end, work, layout.digitHeight());
                if (c == null) break;
                row.add(c.queue(inputs));
            }
            int end = wholeMarkEnd(atoms, i);
            if (end > i + MAX_PIECES) {
                Candidate c = Candidate.of(atoms, i, end, work, layout.digitHeight());
                if (c != null && c.relWidth <= wholeWidth) row.add(c.queue(inputs));
            }
            if (pairs != null) {
                for (Candidate c : row) if (pairWidths.fits(c.relWidth)) c.queuePair(pairInputs);
            }
            candidates[i] = row.toArray(new Candidate[0]);
        }
        return new Lattice(atoms, candidates, classifier.predictBatch(inputs),
                pairInputs.isEmpty() ? List.of() : pairs.predictBatch(pairInputs), work);
    }

    /**
     * The model input of a picture that holds one touching pair (or any one mark): all its pieces normalised together
     * as one candidate, as {@link #classify} normalises a candidate as wide as a pair. What the pair models learn from.
     */
    static float[] wholeInput(BufferedImage image, String name) {
        return wholeCandidate(image, name).pairPixels();
    }

    /**
     * All the pieces of a picture as one candidate: its {@code pixels} are the digit model's input for a picture of one
     * digit (what a digit model learns the reader's digits from), its {@link Candidate#pairPixels} the pair models'.
     */
    static Candidate wholeCandidate(BufferedImage image, String name) {
        WorkImage work = WorkImage.of(ImagePreprocessor.ink(Objects.requireNonNull(image, "image"), name), image.getWidth(),
                image.getHeight(), name);
        InkPieces.Layout layout = InkPieces.split(work.ink(), work.width(), work.height(), name);
        return Candidate.span(layout.atoms(), 0, layout.atoms().size(), work, layout.digitHeight());
    }

    /** The end of the mark that piece {@code i} begins, or -1 when piece {@code i} is not the first piece of its mark. */
    static int wholeMarkEnd(List<InkPieces.Atom> atoms, int i) {
        if (i > 0 && atoms.get(i).cutFromPrevious()) return -1;
        int end = i + 1;
        while (end < atoms.size() && atoms.get(end).cutFromPrevious()) end++;
        return end;
    }

    /**
     * Every way of reading the pieces as digits, with the classifier's answers (and the pair models' answers for the
     * candidates that have a {@link Candidate#pairInput}): scored by {@link #best}.
     */
    record Lattice(List<InkPieces.Atom> atoms, Candidate[][] candidates, List<Prediction> predictions,
                   List<Prediction[]> pairPredictions, WorkImage work) {
        /** Dynamic programming over where digits end: best[j] is the best score of pieces 0..j-1 read as digits. */
        NumberReading best(Settings settings, PairSettings pairSettings) {
            int n = atoms.size();
            double[] best = new double[n + 1];
            Candidate[] last = new Candidate[n + 1];
            boolean[] lastIsPair = new boolean[n + 1];
            Arrays.fill(best, Double.NEGATIVE_INFINITY);
            best[0] = 0;
            double[] markSplit = markSplitScores(pairSettings.splitWeight());
            for (int i = 0; i < n; i++) {
                if (best[i] == Double.NEGATIVE_INFINITY) continue;
                InkPieces.Atom first = atoms.get(i);
                double cut = i > 0 && first.cutFromPrevious()
                        ? settings.cutCost() * first.cutBefore() - markSplit[i] : 0;
                for (Candidate c : candidates[i]) {
                    if (c.input >= 0) {
                        double score = best[i] - cut + logConfidence(predictions.get(c.input)) + c.shapeScore(settings);
                        if (score > best[c.end]) {
                            best[c.end] = score;
                            last[c.end] = c;
                            lastIsPair[c.end] = false;
                        }
                    }
                    if (c.pairInput >= 0 && pairSettings.fits(c.relWidth)) {
                        Prediction[] pair = pairPredictions.get(c.pairInput);
                        double score = best[i] - cut + logConfidence(pair[0]) + logConfidence(pair[1])
                                + pairSettings.whichWeight() * Math.log(Math.max(1e-6, PairModels.pairProbability(pair[2])))
                                + c.pairShapeScore(settings, pairSettings);
                        if (score > best[c.end]) {
                            best[c.end] = score;
                            last[c.end] = c;
                            lastIsPair[c.end] = true;
                        }
                    }
                }
            }
            List<NumberReading.Digit> digits = new ArrayList<>();
            double confidence = 1;
            for (int j = n; j > 0; j = last[j].start) {
                Candidate c = last[j];
                if (lastIsPair[j]) {
                    Prediction[] pair = pairPredictions.get(c.pairInput);
                    int split = splitColumn(c);
                    digits.add(0, new NumberReading.Digit(pair[1], box(c, split, c.x1)));
                    digits.add(0, new NumberReading.Digit(pair[0], box(c, c.x0, split - 1)));
                    confidence *= pair[0].confidence() * pair[1].confidence();
                } else {
                    Prediction p = predictions.get(c.input);
                    digits.add(0, new NumberReading.Digit(p, work.toPicture(c.x0, c.y0, c.x1, c.y1)));
                    confidence *= p.confidence();
                }
            }
            return new NumberReading(digits, (float) confidence);
        }

        /**
         * What the pair models' {@code which} model says of each mark that was cut into pieces, for every reading that
         * puts a digit boundary inside it: the weighted log-probability that the mark is a pair, not one digit. So a wide
         * single digit cut in two (a 0 read as "17") pays for the cut with more than its ink. Without pair models, or
         * for a mark too narrow or too wide for them, 0.
         */
        private double[] markSplitScores(float weight) {
            int n = atoms.size();
            double[] split = new double[n];
            if (pairPredictions.isEmpty()) return split;
            for (int i = 0; i < n; i++) {
                int end = wholeMarkEnd(atoms, i);
                if (end <= i + 1) continue;
                for (Candidate c : candidates[i]) {
                    if (c.end != end || c.pairInput < 0) continue;
                    double pair = PairModels.pairProbability(pairPredictions.get(c.pairInput)[2]);
                    for (int k = i + 1; k < end; k++) split[k] = weight * Math.log(Math.max(1e-6, pair));
                }
            }
            return split;
        }

        private static double logConfidence(Prediction p) {
            return Math.log(Math.max(1e-6f, p.confidence()));
        }

        /** Where a pair's right digit begins: the column in the middle third of the candidate that crosses the least ink. */
        private int splitColumn(Candidate c) {
            float[] columns = new float[c.x1 - c.x0 + 1];
            for (int a = c.start; a < c.end; a++) {
                for (int p : atoms.get(a).pixels()) columns[p % work.width() - c.x0] += work.ink()[p];
            }
            int from = Math.max(1, columns.length / 3), to = Math.max(from, columns.length - columns.length / 3);
            int split = from;
            for (int x = from; x <= to && x < columns.length; x++) if (columns[x] < columns[split]) split = x;
            return c.x0 + split;
        }

        /** The box, in the picture, of the candidate's ink in work columns {@code from..to}. */
        private NumberReading.Box box(Candidate c, int from, int to) {
            int y0 = Integer.MAX_VALUE, y1 = -1;
            for (int a = c.start; a < c.end; a++) {
                for (int p : atoms.get(a).pixels()) {
                    int x = p % work.width(), y = p / work.width();
                    if (x < from || x > to) continue;
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
            if (y1 < 0) return work.toPicture(from, c.y0, Math.max(from, to), c.y1);
            return work.toPicture(from, y0, to, y1);
        }
    }

    /** Pieces {@code start..end-1} taken as one digit: its model input and its shape. */
    static final class Candidate {
        final int start;
        final int end;
        final float[] pixels;
        /** Its ink cropped to its box, {@code cropWidth} wide. */
        final float[] crop;
        final int cropWidth;
        /** Width and height in digit heights; how many pairs of separate marks it joins. */
        final float relWidth, relHeight;
        final int joins;
        final int x0, y0, x1, y1;
        /** Where its pixels are in the digit batch (-1: read only as a pair) and in the pair batch (-1: not as a pair). */
        int input = -1;
        int pairInput = -1;

        private Candidate(int start, int end, float[] pixels, float[] crop, int cropWidth, float relWidth, float relHeight,
                          int joins, int x0, int y0, int x1, int y1) {
            this.start = start;
            this.end = end;
            this.pixels = pixels;
            this.crop = crop;
            this.cropWidth = cropWidth;
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

        /** Adds its pixels to the batch the pair models read, remembering where. */
        void queuePair(List<float[]> pairInputs) {
            pairInput = pairInputs.size();
            pairInputs.add(pairPixels());
        }

        /**
         * What the pair models read: the candidate fitted to 28x20 rather than 20x20, so that each digit of a pair keeps
         * more pixels (on the tuning part, pair models trained on this read more touching numbers than on the 20x20 input).
         */
        float[] pairPixels() {
            float[] wide = ImagePreprocessor.normaliseWide(crop, cropWidth, crop.length / cropWidth);
            return wide == null ? pixels : wide;
        }

        double shapeScore(Settings settings) {
            return settings.digitBonus() - settings.joinCost() * joins
                    - settings.widthCost() * Math.max(0, relWidth - settings.maxWidth())
                    - settings.heightCost() * Math.max(0, settings.minHeight() - relHeight);
        }

        /** As {@link #shapeScore} for two digits side by side in its box: two bonuses, no width penalty. */
        double pairShapeScore(Settings settings, PairSettings pairSettings) {
            return 2 * settings.digitBonus() + pairSettings.bonus() - settings.joinCost() * joins
                    - settings.heightCost() * Math.max(0, settings.minHeight() - relHeight);
        }

        /** The candidate, or null when several pieces together are too wide to be one digit. */
        static Candidate of(List<InkPieces.Atom> atoms, int start, int end, WorkImage work, float digitHeight) {
            Candidate c = span(atoms, start, end, work, digitHeight);
            // a single piece is always a candidate, so that every picture has a reading
            return end - start > 1 && c.relWidth > MAX_RELATIVE_WIDTH ? null : c;
        }

        /** Pieces {@code start..end-1} normalised together, however wide. */
        static Candidate span(List<InkPieces.Atom> atoms, int start, int end, WorkImage work, float digitHeight) {
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
            return new Candidate(start, end, pixels, crop, cw, relWidth, (y1 - y0 + 1) / digitHeight, joins, x0, y0, x1, y1);
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
