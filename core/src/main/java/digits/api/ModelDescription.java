package digits.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import digits.data.augment.AugmentOptions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model directory says about its model ({@code model.json}): what the network is, what input it takes, how it
 * was trained and how well it did. For an ensemble directory, the ensemble as a whole: architecture
 * {@code "ensemble: 3 x 64-10"}, the members' parameters summed, training {@code {"rule": ..., "members": 3}}.
 *
 * @param name         the model's name, e.g. {@code quick-cnn} or {@code mlp-64}
 * @param architecture the layers in the tool's notation, e.g. {@code 32C5S2valid-BN-32C3valid-BN-64C3S2valid-BN-128-BN-10}
 * @param parameters   the number of parameters (weights and biases)
 * @param input        the input the model takes
 * @param training     how it was trained, as recorded (optimizer, learning rate, epochs, batch size, augmentation, ...);
 *                     values are strings, numbers, booleans, lists or maps; empty when unknown
 * @param data         the data it was trained on, or null when not recorded (an ensemble)
 * @param metrics      how well it did, e.g. {@code test_accuracy}, {@code test_loss}, {@code val_accuracy},
 *                     {@code train_seconds}; empty when none were recorded
 * @param versions     versions of the tool and the engine that made it; empty when not recorded
 * @param created      when it was made (ISO-8601), or null
 * @param paramsSha256 the SHA-256 of its parameters (for an ensemble, of its members' hashes and weights)
 */
public record ModelDescription(String name, String architecture, long parameters, Input input, Map<String, Object> training,
                               TrainingData data, Map<String, Double> metrics, Map<String, String> versions, String created,
                               String paramsSha256) {

    /**
     * The input a model takes: MNIST's, 28x28 pixels of one channel, each {@code grey level / 255}, light ink on a dark
     * background. {@link DigitRecognizer} prepares pictures and image files that way. {@code deskew}: the model
     * straightens each digit's slant itself before its network sees it ({@code digits train --deskew}); callers pass
     * digits as written either way. In JSON (the server's {@code /api/model}) it appears only when true, as in
     * {@code model.json}.
     */
    public record Input(int height, int width, int channels, String scaling, String polarity,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deskew) {}

    /** The data a model was trained on: its source (e.g. {@code mnist-train} or a file) and how it was split. */
    public record TrainingData(String source, String sha256, int trainImages, int validationImages) {}

    public ModelDescription {
        training = copy(training);
        metrics = copy(metrics);
        versions = copy(versions);
    }

    /**
     * Whether the model was trained on randomly turned, magnified and shifted copies of the digits: such a model also
     * reads slightly turned and magnified copies well, so {@link Tta#recommendedFor} averages over those too.
     */
    public boolean trainedWithAugmentation() {
        Object augment = training.get("augment");
        try {
            return augment != null && AugmentOptions.augments(augment.toString());
        } catch (IllegalArgumentException e) {
            return false; // recorded by another version in a form this one cannot read
        }
    }

    /** Insertion order kept (model.json's), null values allowed, read-only. */
    private static <V> Map<String, V> copy(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
