package digits.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The JSON file of an ensemble directory ({@code ensemble.json}): which model directories inside it are the members,
 * how much each counts, and how well the ensemble did. Each member is an ordinary model directory
 * ({@link ModelStore}), so it can also be used on its own.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EnsembleDescriptor(
        String format,
        int formatVersion,
        String name,
        String rule,
        List<Member> members,
        Map<String, Double> metrics,
        Map<String, String> versions,
        String created) {

    public static final String FORMAT = "digits-ensemble";
    public static final int FORMAT_VERSION = 1;
    /** The only combination rule: the weighted arithmetic mean of the members' softmax probabilities. */
    public static final String MEAN_PROBABILITY = "mean-probability";

    /**
     * @param path   the member's directory relative to the ensemble directory, e.g. {@code member-1}
     * @param weight how much the member counts (weights are normalised); null means 1
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(String path, Double weight) {
        public double weightOrOne() {
            return weight == null ? 1.0 : weight;
        }
    }

    public static EnsembleDescriptor of(String name, List<Member> members, Map<String, Double> metrics,
                                        Map<String, String> versions, String created) {
        return new EnsembleDescriptor(FORMAT, FORMAT_VERSION, name, MEAN_PROBABILITY, members, metrics, versions, created);
    }

    public EnsembleDescriptor withMetrics(Map<String, Double> newMetrics) {
        return new EnsembleDescriptor(format, formatVersion, name, rule, members, newMetrics, versions, created);
    }

    public double[] weights() {
        return members.stream().mapToDouble(Member::weightOrOne).toArray();
    }

    /** A name for an ensemble of models with these names: "mlp-64-x3" when they share one, else "ensemble-of-3". */
    public static String defaultName(List<String> memberNames) {
        boolean same = !memberNames.isEmpty() && memberNames.stream().distinct().count() == 1 && memberNames.get(0) != null;
        return same ? memberNames.get(0) + "-x" + memberNames.size() : "ensemble-of-" + memberNames.size();
    }
}
