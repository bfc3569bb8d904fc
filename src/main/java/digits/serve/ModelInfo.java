package digits.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digits.data.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code GET /api/model} tells about a model directory: the model's id and every JSON file at the top of the
 * directory (its descriptor, metrics, training history...), each under its file name without ".json".
 */
public final class ModelInfo {
    /** JSON files larger than this are left out: the page shows the info and a browser should not choke on it. */
    static final long MAX_FILE_BYTES = 1L << 20;

    private ModelInfo() {}

    public static ObjectNode fromDirectory(Path dir, String modelId) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode info = mapper.createObjectNode();
        info.put("modelId", modelId);
        info.put("directory", String.valueOf(dir.toAbsolutePath().normalize().getFileName()));
        for (Path file : jsonFiles(dir)) {
            String name = file.getFileName().toString();
            String key = name.substring(0, name.length() - ".json".length());
            if (info.has(key)) continue;
            try {
                if (Files.size(file) > MAX_FILE_BYTES) continue;
                JsonNode content = mapper.readTree(file.toFile());
                if (content != null && !content.isMissingNode()) info.set(key, content);
            } catch (JacksonException e) {
                String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
                throw new InvalidInputException(file + line + ": not valid JSON: "
                        + Messages.firstLine(e.getOriginalMessage()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return info;
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
