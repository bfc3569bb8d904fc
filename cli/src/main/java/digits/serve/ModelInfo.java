package digits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.DigitRecognizer;
import digits.api.ModelDescription;

/**
 * What {@code GET /api/model} tells about the loaded model: its id and its description (name, architecture, parameters,
 * input, training options, data, metrics, versions, creation time, parameter hash: {@code model.json} without the
 * fields of the file format itself); several directories averaged list one description per model.
 */
public final class ModelInfo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelInfo() {}

    /** {@code {"modelId": ..., "model": description}}, or {@code {"modelId": ..., "models": [descriptions]}} for an ensemble. */
    public static ObjectNode of(DigitRecognizer recognizer) {
        ObjectNode info = JSON.createObjectNode();
        info.put("modelId", recognizer.modelId());
        if (recognizer.isEnsemble()) {
            ArrayNode models = info.putArray("models");
            for (ModelDescription d : recognizer.models()) models.add(JSON.valueToTree(d));
        } else {
            info.set("model", JSON.valueToTree(recognizer.description()));
        }
        return info;
    }
}
