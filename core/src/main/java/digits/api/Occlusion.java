package digits.api;

import digits.data.Dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * Occlusion saliency: blank each {@value #PATCH}x{@value #PATCH} patch of the image in turn and see how the class
 * probabilities move. Chosen over input gradients because it asks the model the question a person asks ("does the
 * answer change without this ink?"), works the same for every model the recognizer can load (ensembles and test-time
 * augmentation included: it only needs probabilities), and does not saturate as gradients of a confident softmax do.
 */
final class Occlusion {
    /** Side of the blanked patch: about a stroke's width, so one patch removes a piece of one stroke. */
    static final int PATCH = 4;
    /** Probabilities below this are treated as this, so a log-probability stays finite. */
    private static final double FLOOR = 1e-12;

    private Occlusion() {}

    /** @param pixels one 28x28 image, 784 values in [0,1] (checked by the classifier) */
    static Explanation explain(DigitClassifier classifier, float[] pixels) {
        if (pixels == null || pixels.length != Dataset.PIXELS) {
            throw new IllegalArgumentException("expected " + Dataset.PIXELS + " pixels, got " + (pixels == null ? "null" : pixels.length));
        }
        int side = Dataset.ROWS;
        // Patch positions whose top-left corner lies in [-(PATCH-1), 27]: every pixel is covered by PATCH^2 patches.
        List<int[]> patches = new ArrayList<>();
        for (int top = 1 - PATCH; top < side; top++) {
            for (int left = 1 - PATCH; left < side; left++) {
                if (hasInk(pixels, top, left)) patches.add(new int[]{top, left});
            }
        }
        List<float[]> batch = new ArrayList<>(patches.size() + 1);
        batch.add(pixels.clone());
        for (int[] patch : patches) batch.add(blank(pixels, patch));
        List<Prediction> predictions = classifier.predictBatch(batch);
        float[] p = new float[batch.size() * Dataset.CLASSES];
        for (int k = 0; k < batch.size(); k++) {
            System.arraycopy(predictions.get(k).probabilities(), 0, p, k * Dataset.CLASSES, Dataset.CLASSES);
        }
        Prediction prediction = predictions.get(0);
        float[] original = prediction.probabilities();
        int label = prediction.label();
        int runnerUp = runnerUp(original, label);
        float[] labelMap = map(p, patches, label);
        float[] runnerUpMap = map(p, patches, runnerUp);
        return new Explanation(prediction, label, runnerUp, labelMap, runnerUpMap);
    }

    private static boolean hasInk(float[] pixels, int top, int left) {
        for (int y = Math.max(0, top); y < Math.min(Dataset.ROWS, top + PATCH); y++) {
            for (int x = Math.max(0, left); x < Math.min(Dataset.COLS, left + PATCH); x++) {
                if (pixels[y * Dataset.COLS + x] > 0) return true;
            }
        }
        return false;
    }

    /** A copy of the image with the patch set to background. */
    private static float[] blank(float[] pixels, int[] patch) {
        float[] copy = pixels.clone();
        for (int y = Math.max(0, patch[0]); y < Math.min(Dataset.ROWS, patch[0] + PATCH); y++) {
            for (int x = Math.max(0, patch[1]); x < Math.min(Dataset.COLS, patch[1] + PATCH); x++) {
                copy[y * Dataset.COLS + x] = 0f;
            }
        }
        return copy;
    }

    /** The mean log-probability drop of {@code digit} over the patches covering each pixel (PATCH^2 each; inkless ones drop 0). */
    private static float[] map(float[] p, List<int[]> patches, int digit) {
        double before = Math.log(Math.max(FLOOR, p[digit]));
        double[] sum = new double[Dataset.PIXELS];
        for (int k = 0; k < patches.size(); k++) {
            double drop = before - Math.log(Math.max(FLOOR, p[(k + 1) * Dataset.CLASSES + digit]));
            int[] patch = patches.get(k);
            for (int y = Math.max(0, patch[0]); y < Math.min(Dataset.ROWS, patch[0] + PATCH); y++) {
                for (int x = Math.max(0, patch[1]); x < Math.min(Dataset.COLS, patch[1] + PATCH); x++) {
                    sum[y * Dataset.COLS + x] += drop;
                }
            }
        }
        float[] out = new float[Dataset.PIXELS];
        for (int i = 0; i < out.length; i++) out[i] = (float) (sum[i] / (PATCH * PATCH));
        return out;
    }

    private static int runnerUp(float[] probabilities, int label) {
        int best = label == 0 ? 1 : 0;
        for (int d = 0; d < probabilities.length; d++) {
            if (d != label && probabilities[d] > probabilities[best]) best = d;
        }
        return best;
    }
}
