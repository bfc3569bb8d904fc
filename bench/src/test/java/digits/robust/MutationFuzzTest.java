package digits.robust;

import digits.testing.TrainedModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digits.api.DigitRecognizer;
import digits.api.ImagePreprocessor;
import digits.bench.ServerRss;
import digits.data.IdxReader;
import digits.data.InvalidInputException;
import digits.data.KaggleCsvReader;
import digits.model.ModelDescriptor;
import digits.model.ModelSpec;
import digits.model.ModelStore;
import digits.model.ParamsLayout;
import digits.serve.DigitServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded mutation fuzzing of every file format the tool reads: {@value #RUNS} damaged copies of a valid file each.
 * Every run must end in success or an {@link InvalidInputException} with a one-line message naming the file: no other
 * exception, no OutOfMemoryError, and no run slower than {@value #MAX_SECONDS_PER_RUN} seconds. A failure lists the
 * run number and the edits, which the fixed seed reproduces.
 */
@Timeout(300)
class MutationFuzzTest {
    static final int RUNS = 300;
    static final int MAX_SECONDS_PER_RUN = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @FunctionalInterface
    interface Run {
        void accept(byte[] mutated) throws Exception;
    }

    /** Accepted and refused runs; failures are runs that ended any other way. */
    record Tally(String format, int accepted, int refused, List<String> failures) {
        void assertClean() {
            System.out.printf("fuzz %-11s %d runs: %d accepted, %d refused, %d failures%n", format, RUNS, accepted, refused,
                    failures.size());
            assertThat(failures).as(format).isEmpty();
            assertThat(accepted + refused).isEqualTo(RUNS);
        }
    }

    static Tally fuzz(String format, byte[] valid, Mutator mutator, String named, Run run) {
        int accepted = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            Mutator.Mutant mutant = mutator.mutate(valid);
            long start = System.nanoTime();
            String outcome = null;
            try {
                run.accept(mutant.bytes());
                accepted++;
            } catch (InvalidInputException e) {
                refused++;
                String m = e.getMessage();
                if (m == null || m.isBlank() || m.contains("\n") || !m.contains(named)) outcome = "bad message: " + m;
            } catch (Throwable t) {
                outcome = t.toString();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (outcome == null && seconds > MAX_SECONDS_PER_RUN) outcome = String.format("took %.1f s", seconds);
            if (outcome != null) failures.add(format + " run " + i + " (" + mutant.description() + "): " + outcome);
        }
        return new Tally(format, accepted, refused, failures);
    }

    @Test
    void idxImagesAndLabels(@TempDir Path dir) {
        Path images = RealInputs.idx(dir, "valid", 20);
        Path labels = RealInputs.labelsOf(images);
        Path fuzzImages = dir.resolve("fuzz-images-idx3-ubyte");
        Path fuzzLabels = dir.resolve("fuzz-labels-idx1-ubyte");
        RealInputs.write(fuzzLabels, RealInputs.read(labels));
        fuzz("idx-images", RealInputs.read(images), new Mutator(1, 16, false), "fuzz-images",
                bytes -> IdxReader.read(RealInputs.write(fuzzImages, bytes), fuzzLabels)).assertClean();

        RealInputs.write(fuzzImages, RealInputs.read(images));
        fuzz("idx-labels", RealInputs.read(labels), new Mutator(2, 8, false), "fuzz-",
                bytes -> IdxReader.read(fuzzImages, RealInputs.write(fuzzLabels, bytes))).assertClean();
    }

    @Test
    void idxGzip(@TempDir Path dir) throws Exception {
        byte[] gz = MalformedInputTableTest.gzip(RealInputs.read(RealInputs.idx(dir, "valid", 20)));
        Path fuzzed = dir.resolve("fuzz-images-idx3-ubyte.gz");
        fuzz("idx-gzip", gz, new Mutator(3, 20, false), "fuzz-images",
                bytes -> IdxReader.readUnlabelled(RealInputs.write(fuzzed, bytes))).assertClean();
    }

    @Test
    void kaggleCsv(@TempDir Path dir) {
        byte[] csv = RealInputs.read(RealInputs.trainCsv(dir.resolve("valid.csv"), 5));
        Path fuzzed = dir.resolve("fuzz.csv");
        fuzz("csv", csv, new Mutator(4, csv.length, true), "fuzz.csv",
                bytes -> KaggleCsvReader.read(RealInputs.write(fuzzed, bytes))).assertClean();
    }

    @Test
    void pngImages() {
        ImagePreprocessor preprocessor = new ImagePreprocessor();
        fuzz("png", RealInputs.png(0), new Mutator(5, 33, false), "fuzz.png",
                bytes -> preprocessor.preprocess(bytes, "fuzz.png")).assertClean();
    }

    @Test
    void modelDescriptor(@TempDir Path dir) {
        Path model = TrainedModel.copyTo(dir.resolve("fuzz-model"));
        byte[] json = RealInputs.read(model.resolve(ModelStore.DESCRIPTOR));
        fuzz("model.json", json, new Mutator(6, json.length, true), "fuzz-model", bytes -> {
            RealInputs.write(model.resolve(ModelStore.DESCRIPTOR), bytes);
            ModelStore.load(model).close();
        }).assertClean();
    }

    /**
     * Request bodies damaged on their way to a running server: JSON pixels and PNG uploads. A 200 counts as accepted, a
     * 4xx with a JSON {@code error} as refused (reported as an InvalidInputException naming the body, so it is tallied
     * like a file reader's refusal); anything else (5xx, a dropped connection, a non-JSON error) is a failure.
     */
    @Test
    void httpRequestBodies() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (DigitRecognizer recognizer = DigitRecognizer.load(TrainedModel.directory());
             DigitServer server = new DigitServer(recognizer, JSON.createObjectNode(), DigitServer.Options.defaults().withPort(0)).start()) {
            URI predict = server.uri().resolve("api/predict");
            byte[] json = ServerRss.pixelsJson(RealInputs.digits(1).image(0)).getBytes(StandardCharsets.UTF_8);
            fuzz("http-json", json, new Mutator(8, json.length, true), "request body",
                    bytes -> post(http, predict, "application/json", bytes)).assertClean();
            fuzz("http-png", RealInputs.png(0), new Mutator(9, 33, false), "request body",
                    bytes -> post(http, predict, "image/png", bytes)).assertClean();
            assertThat(http.send(HttpRequest.newBuilder(server.uri().resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private static void post(HttpClient http, URI uri, String contentType, byte[] body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) return;
        JsonNode error = r.statusCode() >= 400 && r.statusCode() < 500 ? JSON.readTree(r.body()).get("error") : null;
        if (error == null || !error.isTextual()) throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
        throw new InvalidInputException("request body: HTTP " + r.statusCode() + ": " + error.asText().replace('\n', ' '));
    }

    /**
     * Parameter files damaged and re-hashed, so the SHA-256 matches. Whatever {@link ParamsLayout#check} accepts
     * (only values changed, all finite) must then load and give finite probabilities.
     */
    @Test
    void rehashedParameterFiles(@TempDir Path dir) {
        Path model = TrainedModel.copyTo(dir.resolve("fuzz-model"));
        ModelDescriptor d = ModelStore.readDescriptor(model);
        ModelSpec spec = ModelSpec.parse(d.architecture());
        Path paramsFile = model.resolve(d.paramsFile());
        byte[] params = RealInputs.read(paramsFile);
        float[] digits = RealInputs.digits(20).pixels();
        fuzz("params", params, new Mutator(7, 300, false), d.paramsFile(), bytes -> {
            ParamsLayout.check(spec, bytes, paramsFile);
            Damage.replaceParams(model, bytes);
            try (ModelStore.Loaded loaded = ModelStore.load(model)) {
                for (float p : loaded.model().probabilities(digits, 20)) {
                    if (!Float.isFinite(p)) throw new AssertionError("accepted parameters give probability " + p);
                }
            }
        }).assertClean();
    }
}
