package digits.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The JSON half of a saved model ({@code model.json}): what the network is, how its input must be prepared,
 * how it was trained and how well it did. The parameters live beside it in the file it names
 * ({@code model-<sha256 prefix>.params}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(
        String format,
        int formatVersion,
        String name,
        String architecture,
        long parameters,
        Input input,
        Map<String, Object> training,
        DataInfo data,
        Map<String, Double> metrics,
        Map<String, String> versions,
        String created,
        String paramsFile,
        String paramsSha256) {

    public static final String FORMAT = "digits-model";
    public static final int FORMAT_VERSION = 1;

    /**
     * How pixels must be prepared: MNIST layout, scaled to [0,1], light ink on dark; {@code deskew} true when the model
     * straightens each image itself before its network sees it (absent otherwise, as in files written before it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Input(int height, int width, int channels, String scaling, String polarity, Boolean deskew) {
        public static Input mnist() {
            return mnist(false);
        }

        public static Input mnist(boolean deskew) {
            return new Input(28, 28, 1, "pixel / 255", "light ink on dark background", deskew ? Boolean.TRUE : null);
        }

        /** This input without its deskew flag: the layout and scaling the caller must provide. */
        public Input layout() {
            return new Input(height, width, channels, scaling, polarity, null);
        }

        /** Whether the model straightens its images (the caller passes them as written either way). */
        public boolean deskews() {
            return Boolean.TRUE.equals(deskew);
        }

        /** {@code 28x28x1 input scaled 'pixel / 255', light ink on dark background}. */
        public String describe() {
            return height + "x" + width + "x" + channels + " input scaled '" + scaling + "', " + polarity;
        }
    }

    /** The data the model was trained on, so a user can tell which run made it. */
    public record DataInfo(String source, String sha256, int trainImages, int validationImages) {}

    public ModelDescriptor withParams(String file, String sha256) {
        return new ModelDescriptor(format, formatVersion, name, architecture, parameters, input, training, data, metrics,
                versions, created, file, sha256);
    }

    public ModelDescriptor withMetrics(Map<String, Double> newMetrics) {
        return new ModelDescriptor(format, formatVersion, name, architecture, parameters, input, training, data, newMetrics,
                versions, created, paramsFile, paramsSha256);
    }
}
