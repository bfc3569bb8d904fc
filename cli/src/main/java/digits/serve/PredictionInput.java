package digits.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.ImagePreprocessor;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.server.MultiPartFormInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns the body of {@code POST /api/predict} into the 784 pixels the model sees, by content type:
 * {@code multipart/form-data} (the image in field {@value #FIELD}), a raw {@code image/png|jpeg|bmp|gif} body (both
 * through {@link ImagePreprocessor}), or {@code application/json} (see {@link PixelsJson}).
 */
final class PredictionInput {
    static final String FIELD = "image";
    private static final Set<String> IMAGE_TYPES =
            Set.of("image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/bmp", "image/x-ms-bmp", "image/gif");
    static final String IMAGES = "multipart/form-data (field '" + FIELD + "'), image/png, image/jpeg, image/bmp";
    private static final String ACCEPTED = IMAGES + ", image/gif or application/json";
    /** A form with more parts than this is not a digit upload. */
    private static final int MAX_PARTS = 16;

    private final ImagePreprocessor preprocessor;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final Duration bodyDeadline;
    /** Checks declared image sizes and bounds concurrent decoding, whatever the number of HTTP threads. */
    private final DecodeGate decoding;

    PredictionInput(ImagePreprocessor preprocessor, ObjectMapper mapper, long maxBodyBytes, Duration bodyDeadline,
                    DecodeGate decoding) {
        this.preprocessor = preprocessor;
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
        this.bodyDeadline = bodyDeadline;
        this.decoding = decoding;
    }

    float[] read(Context ctx) {
        if (mediaType(ctx).equals("application/json")) {
            return PixelsJson.parse(BoundedBody.read(ctx, maxBodyBytes, bodyDeadline), mapper);
        }
        return image(ctx, preprocessor::preprocess, ACCEPTED);
    }

    /**
     * An uploaded image (a raw image body or the form field {@value #FIELD}) decoded by {@code decode} (given the bytes
     * and a name for errors) under the decoding limits; other content types get 415 naming {@code accepted}.
     */
    <T> T image(Context ctx, BiFunction<byte[], String, T> decode, String accepted) {
        String mediaType = mediaType(ctx);
        if (IMAGE_TYPES.contains(mediaType)) {
            return decode(BoundedBody.read(ctx, maxBodyBytes, bodyDeadline), "request body", decode);
        }
        if (mediaType.equals("multipart/form-data")) {
            return fromForm(BoundedBody.read(ctx, maxBodyBytes, bodyDeadline), ctx.contentType(), decode);
        }
        throw new UnsupportedMediaTypeResponse(mediaType.isEmpty()
                ? "missing Content-Type: send " + accepted
                : "unsupported Content-Type '" + Messages.abbreviate(mediaType) + "': send " + accepted);
    }

    private static String mediaType(Context ctx) {
        String contentType = ctx.contentType();
        return contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private <T> T fromForm(byte[] body, String contentType, BiFunction<byte[], String, T> decode) {
        MultipartConfigElement config = new MultipartConfigElement(
                System.getProperty("java.io.tmpdir"), maxBodyBytes, maxBodyBytes, (int) Math.min(Integer.MAX_VALUE, maxBodyBytes + 1));
        MultiPartFormInputStream form = new MultiPartFormInputStream(
                new ByteArrayInputStream(body), contentType, config, null, MAX_PARTS);
        try {
            Part part = form.getPart(FIELD);
            if (part == null) throw new BadRequestResponse("multipart/form-data field '" + FIELD + "' is missing");
            byte[] image;
            try (InputStream in = part.getInputStream()) {
                image = in.readAllBytes();
            }
            return decode(image, fileName(part), decode);
        } catch (IOException | IllegalStateException e) {
            throw new BadRequestResponse("malformed multipart/form-data body: " + Messages.abbreviate(String.valueOf(e.getMessage())));
        } finally {
            form.deleteParts();
        }
    }

    private <T> T decode(byte[] image, String name, BiFunction<byte[], String, T> decode) {
        return decoding.decode(image, name, () -> decode.apply(image, name));
    }

    /** The uploaded file's name for error messages, printable characters only; "uploaded image" when absent. */
    private static String fileName(Part part) {
        String name = part.getSubmittedFileName();
        if (name == null) return "uploaded image";
        String clean = name.replaceAll("[^\\p{Print}]", "").replaceAll(".*[/\\\\]", "").strip();
        return clean.isEmpty() ? "uploaded image" : Messages.abbreviate(clean);
    }
}
