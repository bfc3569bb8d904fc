package digits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.api.Explanation;
import digits.data.InvalidInputException;

/**
 * The {@code "explain"} field of {@code POST /api/predict?explain=true}: {@code {"label", "runnerUp", "labelMap" (784),
 * "runnerUpMap" (784)}}, the occlusion maps of {@link Explanation} (row-major 28x28, log-probability units; positive
 * where the ink pushed towards that digit).
 */
final class ExplainJson {
    private ExplainJson() {}

    /** {@code explain=true|false} (absent: false); anything else is a bad request. */
    static boolean asked(String value) {
        if (value == null || value.equals("false")) return false;
        if (value.equals("true")) return true;
        throw new InvalidInputException("query parameter explain: expected true or false, got '" + value + "'");
    }

    static ObjectNode of(ObjectMapper mapper, Explanation e) {
        ObjectNode node = mapper.createObjectNode();
        node.put("label", e.label());
        node.put("runnerUp", e.runnerUp());
        ArrayNode label = node.putArray("labelMap");
        for (float v : e.labelMap()) label.add(v);
        ArrayNode runner = node.putArray("runnerUpMap");
        for (float v : e.runnerUpMap()) runner.add(v);
        return node;
    }
}
