package digits.model;

import digits.data.Dataset;
import digits.data.InvalidInputException;
import digits.data.MnistFiles;
import digits.eval.Evaluation;
import digits.train.TrainingRequest;
import digits.train.TrainingSettings;
import digits.train.TrainingListener;
import digits.train.TrainingLoop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Ensembles of three real one-epoch MLPs (different seeds) on real MNIST digits: averaging, saving, loading, refusing. */
class EnsembleTest {
    static final List<DigitModel> members = new ArrayList<>();
    static final List<float[]> memberProbabilities = new ArrayList<>();
    static Dataset test;

    @BeforeAll
    static void trainMembers() {
        Dataset train = MnistFiles.train().head(5000);
        test = MnistFiles.test().head(2000);
        for (long seed = 1; seed <= 3; seed++) {
            DigitModel model = DigitModel.create(ModelSpec.parse("64-10"));
            new TrainingLoop(model, TrainingRequest.defaults().with(TrainingSettings.EPOCHS, 1).with(TrainingSettings.SEED, (long) seed), TrainingListener.SILENT).fit(train, null);
            members.add(model);
            memberProbabilities.add(model.probabilities(test));
        }
    }

    @AfterAll
    static void close() {
        members.forEach(DigitModel::close);
    }

    /** The in-memory members as an ensemble; not closed by the tests (the members are shared). */
    static Ensemble ensemble() {
        return Ensemble.of(members.stream().map(ProbabilityModel::of).toList());
    }

    static Path saveEnsemble(Path dir) {
        List<EnsembleDescriptor.Member> listed = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            String path = "member-" + (i + 1);
            ModelStore.save(members.get(i), ModelStoreTest.descriptor(members.get(i).spec(), "mlp-64"), dir.resolve(path));
            listed.add(new EnsembleDescriptor.Member(path, null));
        }
        EnsembleStore.save(EnsembleDescriptor.of("mlp-64-x3", listed, Map.of("test_accuracy", 0.9), Map.of(), "2026-01-01T00:00:00Z"), dir);
        return dir;
    }

    @Test
    void theEnsembleIsAtLeastAsAccurateAsItsAverageMember() {
        double mean = memberProbabilities.stream().mapToDouble(p -> Evaluation.of(test.labels(), p).accuracy()).average().orElseThrow();
        Evaluation ensemble = Evaluation.of(test.labels(), ensemble().probabilities(test));
        assertThat(mean).isGreaterThan(0.75);  // real, if briefly trained, members
        assertThat(ensemble.accuracy()).isGreaterThanOrEqualTo(mean);
        double meanLoss = memberProbabilities.stream().mapToDouble(p -> Evaluation.of(test.labels(), p).loss()).average().orElseThrow();
        assertThat(ensemble.loss()).isLessThan(meanLoss); // cross-entropy is convex: the mean distribution can only do better
    }

    @Test
    void probabilitiesAreTheMeanOfTheMembersAndSumToOne() {
        float[] p = ensemble().probabilities(test);
        assertThat(p).hasSize(test.size() * 10);
        for (int i = 0; i < test.size(); i++) {
            double sum = 0;
            for (int c = 0; c < 10; c++) {
                int j = i * 10 + c;
                double mean = (memberProbabilities.get(0)[j] + memberProbabilities.get(1)[j] + (double) memberProbabilities.get(2)[j]) / 3;
                assertThat((double) p[j]).isCloseTo(mean, within(1e-7));
                sum += p[j];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void weightsAreNormalisedAndApplied() {
        Ensemble weighted = Ensemble.of(members.stream().map(ProbabilityModel::of).toList(), new double[]{2, 1, 1});
        assertThat(weighted.weights()).containsExactly(0.5, 0.25, 0.25);
        float[] p = weighted.probabilities(test.head(50));
        for (int j = 0; j < p.length; j++) {
            double expected = 0.5 * memberProbabilities.get(0)[j] + 0.25 * memberProbabilities.get(1)[j] + 0.25 * memberProbabilities.get(2)[j];
            assertThat((double) p[j]).isCloseTo(expected, within(1e-7));
        }
        assertThatThrownBy(() -> Ensemble.of(List.of(ProbabilityModel.of(members.get(0))), new double[]{0}))
                .hasMessage("weight of member 1 must be between 1.0E-6 and 1000000.0 (weights are relative), got 0.0");
        for (double bad : new double[]{Double.MIN_VALUE, 1e308, Double.NaN, Double.POSITIVE_INFINITY, -1}) {
            assertThatThrownBy(() -> Ensemble.of(List.of(ProbabilityModel.of(members.get(0))), new double[]{bad}))
                    .hasMessageStartingWith("weight of member 1 must be between");
        }
    }

    @Test
    void aSavedEnsembleLoadsAndPredictsExactlyTheSame(@TempDir Path dir) {
        saveEnsemble(dir);
        float[] before = ensemble().probabilities(test);
        try (Models.Loaded loaded = Models.load(dir)) {
            assertThat(loaded.isEnsemble()).isTrue();
            assertThat(loaded.model().probabilities(test)).isEqualTo(before);
            assertThat(loaded.members()).hasSize(3);
            assertThat(loaded.descriptor().name()).isEqualTo("mlp-64-x3");
            assertThat(loaded.descriptor().architecture()).isEqualTo("ensemble: 3 x 64-10");
            assertThat(loaded.descriptor().parameters()).isEqualTo(3 * 50_890);
            assertThat(loaded.id()).matches("mlp-64-x3@[0-9a-f]{12}");
        }
        try (Models.Loaded single = Models.load(dir.resolve("member-2"))) {
            assertThat(single.isEnsemble()).isFalse();
            assertThat(single.model().probabilities(test)).isEqualTo(memberProbabilities.get(1));
        }
    }

    @Test
    void aCorruptMemberIsRefusedWithOneLineNamingIt(@TempDir Path dir) throws Exception {
        saveEnsemble(dir);
        Path params;
        try (var files = Files.list(dir.resolve("member-2"))) {
            params = files.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(params, bytes);
        assertThatThrownBy(() -> Models.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("ensemble.json") + ": member 2 (member-2): " + params + ": corrupt (SHA-256 does not match model.json)");
        Files.delete(dir.resolve("member-3").resolve("model.json"));
        assertThatThrownBy(() -> EnsembleStore.load(dir)).hasMessageStartingWith(dir.resolve("ensemble.json") + ": member 2 (member-2)");
    }

    @Test
    void memberPathsMustStayInsideTheEnsembleDirectory(@TempDir Path tmp) throws Exception {
        Path dir = saveEnsemble(tmp.resolve("ens"));
        Path outside = tmp.resolve("outside");
        ModelStore.save(members.get(0), ModelStoreTest.descriptor(members.get(0).spec(), "elsewhere"), outside);
        for (String path : List.of("../outside", "member-1/../../outside", outside.toString(), "./member-1", "member-1//x", "..")) {
            writeEnsembleJson(dir, "[{\"path\": \"member-1\"}, {\"path\": " + json(path) + "}]");
            assertThatThrownBy(() -> Models.load(dir)).as(path)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage(dir.resolve("ensemble.json") + ": member 2: path '" + path
                            + "' must name a directory inside the ensemble directory (no '..', no absolute path)");
        }
        Files.createSymbolicLink(dir.resolve("link"), outside);
        writeEnsembleJson(dir, "[{\"path\": \"member-1\"}, {\"path\": \"link\"}]");
        assertThatThrownBy(() -> Models.load(dir))
                .hasMessage(dir.resolve("ensemble.json") + ": member 2: path 'link' leads outside the ensemble directory (through a link)");
    }

    @Test
    void malformedEnsembleFilesAreRefusedWithOneLine(@TempDir Path tmp) throws Exception {
        Path dir = saveEnsemble(tmp);
        Path file = dir.resolve("ensemble.json");
        writeEnsembleJson(dir, "[]");
        assertThatThrownBy(() -> Models.load(dir)).hasMessage(file + ": lists no members");
        writeEnsembleJson(dir, "[{\"path\": \"member-1\"}, {\"path\": \"member-1\"}]");
        assertThatThrownBy(() -> Models.load(dir)).hasMessage(file + ": member 2 (member-1) is listed twice");
        writeEnsembleJson(dir, "[{\"path\": \"member-1\", \"weight\": -1}]");
        assertThatThrownBy(() -> Models.load(dir)).hasMessage(file + ": member 1 (member-1): weight must be between 1.0E-6 and "
                + "1000000.0 (weights are relative), got -1.0");
        for (String weight : new String[]{"5e-324", "1e308", "1e7"}) {
            writeEnsembleJson(dir, "[{\"path\": \"member-1\", \"weight\": " + weight + "}]");
            assertThatThrownBy(() -> Models.load(dir)).hasMessageStartingWith(file + ": member 1 (member-1): weight must be between");
        }
        writeEnsembleJson(dir, "[{\"weight\": 1}]");
        assertThatThrownBy(() -> Models.load(dir)).hasMessage(file + ": member 1: 'path' is missing");
        Files.writeString(file, "{\"format\": \"digits-ensemble\", \"formatVersion\": 2, \"members\": []}");
        assertThatThrownBy(() -> Models.load(dir)).hasMessage(file + ": format version 2 is not supported (this tool reads 1)");
        Files.writeString(file, "{\"format\": \"digits-ensemble\", \"formatVersion\": 1, \"rule\": \"vote\", \"members\": []}");
        assertThatThrownBy(() -> Models.load(dir)).hasMessageStartingWith(file + ": rule 'vote' is not supported");
        Files.writeString(file, "{\"members\": [");
        assertThatThrownBy(() -> Models.load(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file + ": not a valid ensemble descriptor (")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        Files.writeString(dir.resolve("model.json"), "{}");
        assertThatThrownBy(() -> Models.load(dir)).hasMessageContaining("holds both model.json and ensemble.json");
    }

    @Test
    void everyMemberMustTakeMnistInput(@TempDir Path dir) {
        saveEnsemble(dir);
        Path member = dir.resolve("member-3");
        ModelDescriptor d = ModelStore.readDescriptor(member);
        ModelStore.writeDescriptor(new ModelDescriptor(d.format(), d.formatVersion(), d.name(), d.architecture(), d.parameters(),
                new ModelDescriptor.Input(28, 28, 1, "pixel / 255", "dark ink on light background", null), d.training(), d.data(),
                d.metrics(), d.versions(), d.created(), d.paramsFile(), d.paramsSha256()), member);
        assertThatThrownBy(() -> Models.load(dir))
                .hasMessage(dir.resolve("ensemble.json") + ": member 3 (member-3): " + member.resolve("model.json")
                        + ": takes 28x28x1 input scaled 'pixel / 255', "
                        + "dark ink on light background, not MNIST input (28x28x1 input scaled 'pixel / 255', light ink on dark background)");
    }

    @Test
    void savingRefusesMembersThatAreNotModelDirectories(@TempDir Path dir) {
        var listed = List.of(new EnsembleDescriptor.Member("member-1", null));
        assertThatThrownBy(() -> EnsembleStore.save(EnsembleDescriptor.of("x", listed, null, Map.of(), "now"), dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("ensemble.json") + ": member 1 (member-1): " + dir.resolve("member-1")
                        + ": not a model directory (no such directory)");
        assertThat(dir.resolve("ensemble.json")).doesNotExist();
    }

    @Test
    void testTimeAugmentationOverAnEnsembleLoadsFromTheDirectory(@TempDir Path dir) {
        saveEnsemble(dir);
        Dataset few = test.head(40);
        try (Models.Loaded tta = Models.load(dir, TtaViews.DEFAULT)) {
            assertThat(tta.id()).matches("mlp-64-x3@[0-9a-f]{12}\\+tta8r3,6z0\\.05,0\\.1");
            assertThat(tta.model().probabilities(few)).isEqualTo(ensemble().withTta(TtaViews.DEFAULT).probabilities(few));
        }
    }

    static void writeEnsembleJson(Path dir, String members) throws Exception {
        Files.writeString(dir.resolve("ensemble.json"), "{\"format\": \"digits-ensemble\", \"formatVersion\": 1, \"members\": " + members + "}");
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
