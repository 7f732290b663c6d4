package nanodiffusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.testing.CliSparkProperties;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI as a user runs it, in-process on local[2]: a short run produces every output; misuse is refused. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndRunTest {
    private static final String[] SMALL = {"--set", "train.steps=300", "--set", "train.batchSize=2000",
            "--set", "train.logEvery=100", "--set", "sample.count=4000", "--set", "sample.batchSize=1000",
            "--set", "sample.partitions=2", "--set", "eval.directions=32"};

    private File dir;
    private CliSparkProperties sparkProperties;
    private File out;
    private int status;
    private String stderr;

    @BeforeAll
    void runOnce() {
        dir = LocalSpark.tempFolder("nd-e2e").toFile();
        sparkProperties = new CliSparkProperties();
        out = new File(dir, "run");
        Result r = cli(concat(new String[] {"run", "--out", out.toString()}, SMALL));
        status = r.status;
        stderr = r.stderr;
    }

    @AfterAll
    void cleanUp() {
        LocalSpark.deleteRecursively(dir.toPath());
        sparkProperties.close();
    }

    record Result(int status, String stderr) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(status, err.toString(StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void runWritesEveryOutput() throws IOException {
        assertEquals(0, status, stderr);
        assertTrue(new File(out, "model/score-network.zip").isFile());
        List<String> loss = Files.readAllLines(new File(out, "loss.csv").toPath());
        assertEquals("step,loss,seconds", loss.get(0));
        assertEquals(300 / 10 + 1, loss.size(), "one row per averaging round of 10 steps");
        for (String plot : List.of("loss", "samples", "radial", "angular")) {
            File png = new File(out, "plots/" + plot + ".png");
            assertTrue(png.length() > 1000, plot);
            byte[] magic = Files.readAllBytes(png.toPath());
            assertEquals((byte) 0x89, magic[0]);
            assertEquals('P', magic[1]);
        }
        assertTrue(new File(out, "samples/_SUCCESS").isFile());

        JsonNode metrics = new ObjectMapper().readTree(new File(out, "metrics.json"));
        for (String key : List.of("sliced_w1", "radial_w1", "angular_w1", "mean_radius", "std_radius", "n_samples",
                "n_nonfinite", "radius_skewness", "radius_skewness_exact", "radius_excess_kurtosis",
                "radius_excess_kurtosis_exact")) {
            assertTrue(metrics.has(key), key);
        }
        assertEquals(4000, metrics.get("n_samples").asLong());
        // 300 small steps already put the samples near the unit ring, far from the N(0, I) start (mean radius 1.25)
        // and from an untrained network's samples (train.steps = 1: mean radius 264, measured)
        assertEquals(1.0, metrics.get("mean_radius").asDouble(), 0.15);
        // the ring's law, as ratios to what 4000 exact samples score. Measured: this run radial W1 3.20, sliced W1
        // 3.19; the same settings with train.steps = 1 (an untrained network) 156,023 and 10,215, with 100 steps 47.5
        // and 3.75 (the radius law is what the later steps learn); a Gaussian of mean radius 1, which the mean radius
        // above passes, about 216 and 9.9 (10^6 draws against this run's floors). Radial below 10: 3x of room over
        // the trained value for another CPU's rounding in training, and it fails the 100-step model (5x), the
        // Gaussian (20x) and an untrained network (10^4 x); sliced below 10 fails an untrained network by 1000x.
        double radial = metrics.get("radial_w1_exact_ratio").asDouble();
        double sliced = metrics.get("sliced_w1_ratio").asDouble();
        assertTrue(radial < 10 && sliced < 10, "radial W1 / floor " + radial + ", sliced W1 / floor " + sliced);

        JsonNode run = new ObjectMapper().readTree(new File(out, "run.json"));
        assertEquals(300, run.get("config").get("train.steps").asInt());
        for (String section : List.of("train", "sample", "evaluate", "versions", "seed", "git_commit")) {
            assertTrue(run.has(section), section);
        }
        // the first round's loss is about 1 (an untrained network: 1/2 E|eps|^2 over two coordinates); the default
        // EDM density's loss levels off near 0.5 (it weights small noise, where eps is least predictable; uniform t:
        // 0.18), so the fall is checked against the run's own first round
        double first = Double.parseDouble(loss.get(1).split(",")[1]);
        double last = run.get("train").get("final_loss").asDouble();
        assertTrue(first > 0.8 && last < 0.8 * first, "loss fell from " + first + " to " + last);
    }

    @Test
    void existingOutputsAreNeverOverwrittenWithoutAsking() throws IOException {
        assertEquals(0, status, stderr);
        File model = new File(out, "model/score-network.zip");
        long before = model.lastModified();
        byte[] bytes = Files.readAllBytes(model.toPath());
        Result again = cli(concat(new String[] {"train", "--out", out.toString()}, SMALL));
        assertEquals(Main.BAD_INPUT, again.status);
        assertTrue(again.stderr.strip().startsWith("error: ") && again.stderr.contains("already exists"), again.stderr);
        assertEquals(1, again.stderr.strip().lines().count(), again.stderr);
        assertEquals(before, model.lastModified());
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(model.toPath())));
    }

    /** A copy of the run's samples folder (and settings) in a new run folder, to damage. */
    private File copyOfSamples(String name) throws IOException {
        File copy = new File(dir, name);
        java.nio.file.Path from = new File(out, "samples").toPath();
        java.nio.file.Path to = new File(copy, "samples").toPath();
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (java.nio.file.Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static File partFile(File run) {
        File[] parts = new File(run, "samples").listFiles((d, n) -> n.endsWith(".parquet"));
        java.util.Arrays.sort(parts);
        return parts[0];
    }

    @Test
    void damagedSamplesAreRefusedByNameAndNeverScored() throws IOException {
        assertEquals(0, status, stderr);
        File garbled = copyOfSamples("garbled");
        File part = partFile(garbled);
        byte[] bytes = Files.readAllBytes(part.toPath());
        for (int i = 0; i < 16; i++) {
            bytes[bytes.length / 2 + i] ^= (byte) 0x5A;
        }
        Files.write(part.toPath(), bytes);
        File deleted = copyOfSamples("deleted");
        String deletedName = partFile(deleted).getName();
        Files.delete(partFile(deleted).toPath());
        File duplicated = copyOfSamples("duplicated");
        Files.copy(partFile(duplicated).toPath(), new File(duplicated, "samples/part-99999-copy.parquet").toPath());
        String[][] cases = {{"garbled", part.getName() + " does not match its checksum"},
                {"deleted", "part file " + deletedName + " is missing"},
                {"duplicated", "part-99999-copy.parquet is not in the manifest"}};
        for (String[] c : cases) {
            Result r = cli(concat(new String[] {"evaluate", "--out", new File(dir, c[0]).toString()}, SMALL));
            assertEquals(Main.FAILED, r.status, r.stderr);
            assertTrue(r.stderr.strip().lines().count() == 1 && r.stderr.contains(c[1]), c[0] + ": " + r.stderr);
            assertTrue(!new File(dir, c[0] + "/metrics.json").exists(), c[0] + ": no metrics from damaged samples");
        }
        Result wrongCount = cli(concat(new String[] {"evaluate", "--out", new File(dir, "duplicated").toString()},
                concat(SMALL, new String[] {"--set", "sample.count=3000", "--set", "sample.batchSize=1000"})));
        assertEquals(Main.FAILED, wrongCount.status, wrongCount.stderr);
    }

    @Test
    void evaluateInGroupsScoresEachGroupAsADrawAndReportsTheMeanWithItsError() throws IOException {
        assertEquals(0, status, stderr);
        File grouped = copyOfSamples("grouped");
        Result r = cli(concat(new String[] {"evaluate", "--out", grouped.toString()},
                concat(SMALL, new String[] {"--set", "eval.groups=4"})));
        assertEquals(0, r.status, r.stderr);
        ObjectMapper json = new ObjectMapper();
        JsonNode whole = json.readTree(new File(out, "metrics.json"));
        JsonNode m = json.readTree(new File(grouped, "metrics.json"));
        assertEquals(4, m.get("eval_groups").asInt());
        assertEquals(1000, m.get("group_size").asInt());
        assertEquals(4000, m.get("n_samples").asLong(), "counts are summed over the groups");
        // the mean radius of four equal groups is the whole sample's (up to rounding)
        assertEquals(whole.get("mean_radius").asDouble(), m.get("mean_radius").asDouble(), 1e-9);
        for (String key : List.of("sliced_w1_ratio", "radial_w1_exact_ratio", "angular_w1_exact_ratio")) {
            JsonNode groups = m.get(key + "_groups");
            assertEquals(4, groups.size(), key);
            double[] v = new double[4];
            for (int g = 0; g < 4; g++) {
                v[g] = groups.get(g).asDouble();
            }
            double mean = java.util.Arrays.stream(v).average().orElseThrow();
            double sd = Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / 3);
            assertEquals(mean, m.get(key).asDouble(), 1e-12, key + " is the mean over the groups");
            assertEquals(sd / 2, m.get(key + "_stderr").asDouble(), 1e-12, key + ": standard error of that mean");
            assertTrue(sd > 0, key + ": four independent draws score differently " + groups);
        }
        // floors drawn at the group's size: an exact draw's W1 to the exact law shrinks as 1 / sqrt(n), so the floor
        // of 1000 points is about twice that of the whole 4000
        assertTrue(m.get("radial_w1_exact_floor").asDouble() > 1.5 * whole.get("radial_w1_exact_floor").asDouble(),
                "floors at the group's size (1000), not the whole's (4000): " + m.get("radial_w1_exact_floor") + " vs "
                        + whole.get("radial_w1_exact_floor"));
        Result uneven = cli(concat(new String[] {"evaluate", "--out", grouped.toString(), "--overwrite"},
                concat(SMALL, new String[] {"--set", "eval.groups=3"})));
        assertEquals(Main.BAD_INPUT, uneven.status, uneven.stderr);
        assertEquals("error: eval.groups = 3: must divide sample.count (4000) into equal groups", uneven.stderr.strip());
    }

    @Test
    void badSettingsFailBeforeAnyWorkWithOneLine() {
        Result r = cli("train", "--out", new File(dir, "never").toString(), "--set", "train.setps=5");
        assertEquals(Main.BAD_INPUT, r.status);
        assertEquals("error: unknown key train.setps; did you mean train.steps?", r.stderr.strip());
        assertTrue(!new File(dir, "never").exists());
    }

    @Test
    void sampleWithoutAModelNamesWhatIsMissing() {
        Result r = cli("sample", "--out", new File(dir, "empty").toString());
        assertEquals(Main.BAD_INPUT, r.status);
        assertTrue(r.stderr.contains("model/_COMPLETE not found; no complete trained model"), r.stderr);
    }

    @Test
    void aToyDensityTrainsAndIsScoredAgainstItsOwnTrueDraw() throws IOException {
        File toy = new File(dir, "8gaussians");
        Result r = cli(concat(new String[] {"run", "--out", toy.toString(), "--set", "data.source=8gaussians"}, SMALL));
        assertEquals(0, r.status, r.stderr);
        JsonNode run = new ObjectMapper().readTree(new File(toy, "run.json"));
        assertEquals("8gaussians", run.get("config").get("data.source").asText());
        // the eight centres sit at radius 4 / 1.414 = 2.83 (the ring's at 1): 300 steps already move the samples
        // out there; 0.5 covers the short training's error and the spread of 4000 samples (true sd of r ~ 0.36)
        JsonNode metrics = new ObjectMapper().readTree(new File(toy, "metrics.json"));
        double trueMeanRadius = meanRadius();
        assertEquals(trueMeanRadius, metrics.get("mean_radius").asDouble(), 0.5);
    }

    @Test
    void aThreeDimensionalRingRunsEndToEndWithItsOwnColumnsPlotsAndMetrics() throws IOException {
        File ring3 = new File(dir, "ring-3d");
        Result r = cli(concat(new String[] {"run", "--out", ring3.toString(), "--set", "data.dim=3"}, SMALL));
        assertEquals(0, r.status, r.stderr);
        for (String plot : List.of("loss", "corner", "radial")) {
            assertTrue(new File(ring3, "plots/" + plot + ".png").length() > 1000, plot);
        }
        assertTrue(!new File(ring3, "plots/angular.png").exists(), "no angle outside 2D");
        JsonNode metrics = new ObjectMapper().readTree(new File(ring3, "metrics.json"));
        for (String key : List.of("sliced_w1", "sliced_w1_ratio", "coordinate_w1_mean", "coordinate_w1_max",
                "energy_distance_ratio", "radial_w1_exact", "radial_w1_exact_ratio")) {
            assertTrue(metrics.has(key) && Double.isFinite(metrics.get(key).asDouble()), key + " in " + metrics);
        }
        assertTrue(!metrics.has("angular_w1"), "no angle outside 2D");
        // the 3D ring's radius has mean 1 too; 300 steps bring the samples within 0.25 of it from the N(0, I)
        // start's mean radius sqrt(2) Gamma(2)/Gamma(3/2) = 1.60 (an untrained network's: 341, measured)
        assertEquals(1.0, metrics.get("mean_radius").asDouble(), 0.25);
        // the radius law against its exact Gamma law, as a ratio to what 4000 exact samples score. Measured: this
        // run 17.4 (the 3D shell is learned more slowly than the 2D ring, 3.2 after the same steps); with
        // train.steps = 1 (an untrained network) 289,990; a 3D Gaussian of mean radius 1, which the mean radius above
        // passes, about 241 (10^6 draws against this run's floor). Below 60: 3.4x of room over the trained value for
        // another CPU's rounding in training, and it fails the Gaussian by 4x and an untrained network by 5000x
        double radial = metrics.get("radial_w1_exact_ratio").asDouble();
        assertTrue(radial < 60, "radial W1 / floor " + radial);
        JsonNode model = new ObjectMapper().readTree(new File(ring3, "model/parametrisation.json"));
        assertEquals("3", model.get("data.dim").asText());
        assertEquals("ring", model.get("data.source").asText());
    }

    /** Mean radius of 100,000 points of 8gaussians. */
    private static double meanRadius() {
        double[] r = nanodiffusion.eval.PointCloud.interleaved(nanodiffusion.data.ToyDistributions.EIGHT_GAUSSIANS
                .sampler(nanodiffusion.data.RandomStreams.open(1, nanodiffusion.data.RandomStreams.Domain.EVAL_TRUTH))
                .points(100_000, 2), 2).radii();
        return java.util.Arrays.stream(r).average().orElseThrow();
    }
}
