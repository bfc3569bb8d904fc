package digits.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitRecognizer;
import digits.model.ModelDescriptor;
import digits.model.ModelStore;

/**
 * What {@code GET /api/model} tells about the loaded model: its id and its descriptor (architecture, input format,
 * training options, metrics), the same content as {@code model.json}; an ensemble lists one descriptor per model.
 */
public final class ModelInfo {
    private ModelInfo() {}

    /** {@code {"modelId": ..., "model": descriptor}}, or {@code {"modelId": ..., "models": [descriptors]}} for an ensemble. */
    public static ObjectNode of(DigitRecognizer recognizer) {
        ObjectNode info = ModelStore.json().createObjectNode();
        info.put("modelId", recognizer.modelId());
        if (recognizer.isEnsemble()) {
            ArrayNode models = info.putArray("models");
            for (ModelDescriptor d : recognizer.descriptors()) models.add(ModelStore.json().valueToTree(d));
        } else {
            info.set("model", ModelStore.json().valueToTree(recognizer.descriptor()));
        }
        return info;
    }
}
