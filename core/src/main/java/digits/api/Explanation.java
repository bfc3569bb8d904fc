package digits.api;

import digits.data.Dataset;

/**
 * Why a model gave its answer: for the predicted label and the runner-up (the second most probable digit), how much
 * each of the 28x28 pixels pushed towards that digit. A map value is the mean, over the {@value Occlusion#PATCH}x{@value
 * Occlusion#PATCH} patches covering the pixel, of how much the digit's log-probability fell when the patch was blanked:
 * positive where the ink there supports the digit, negative where it speaks against it, 0 where blanking changed
 * nothing (blank surroundings). See {@link DigitRecognizer#explain(float[])}.
 *
 * @param prediction  the prediction for the unchanged image
 * @param label       the predicted digit
 * @param runnerUp    the second most probable digit
 * @param labelMap    784 values, row-major, in natural-log units
 * @param runnerUpMap 784 values, row-major, in natural-log units
 */
public record Explanation(Prediction prediction, int label, int runnerUp, float[] labelMap, float[] runnerUpMap) {
    public Explanation {
        if (labelMap.length != Dataset.PIXELS || runnerUpMap.length != Dataset.PIXELS) {
            throw new IllegalArgumentException("maps have " + Dataset.PIXELS + " values");
        }
    }
}
