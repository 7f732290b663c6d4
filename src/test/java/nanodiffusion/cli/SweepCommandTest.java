package nanodiffusion.cli;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.testing.CliSparkProperties;
import nanodiffusion.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep command in-process on local[2]: both modes, failures recorded, restarts that skip finished trials. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepCommandTest {
    /** Tiny trials: 30 steps of 200 samples, 2000 samples evaluated. */
    private static final String SHARED = String.join("\n", "train.steps = 30", "train.batchSize = 200",
            "train.logEvery = 10", "train.checkpointEvery = 10", "model.width = 16", "sample.count = 2000",
            "sample.batchSize = 1000", "eval.directions = 16", "");

    private File dir;
    private CliSparkProperties sparkProperties;

    @BeforeAll
    void setUp() {
        dir = LocalSpark.tempFolder("nd-sweep").toFile();
        sparkProperties = new CliSparkProperties();
    }

    @AfterAll
    void tearDown() {
        sparkProperties.close();
        LocalSpark.deleteRecursively(dir.toPath());
    }

    private File spec(String name, String sweep) throws IOException {
        File f = new File(dir, name + ".conf");
        Files.writeString(f.toPath(), SHARED + "sweep {\n" + sweep + "\n}\n");
        return f;
    }

    private static EndToEndRunTest.Result sweep(File spec, File out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("sweep", "--spec", spec.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return EndToEndRunTest.cli(args.toArray(String[]::new));
    }

    private static List<String> csvLines(File out) throws IOException {
        return Files.readAllLines(new File(out, "leaderboard.csv").toPath());
    }

    @Test
    void trialParallelSweepWritesEveryOutputAndRecordsADivergedTrialWithoutStopping() throws IOException {
        // lr 1e4 makes Adam's first steps huge: the loss explodes past the divergence guard in the first round
        File spec = spec("diverging", "mode = trial-parallel\ngrid {\n train.lr = [1e-3, 1e4]\n seed = [0, 1]\n}");
        File out = new File(dir, "trial-parallel");
        EndToEndRunTest.Result r = sweep(spec, out);
        assertEquals(0, r.status(), r.stderr());

        List<String> lines = csvLines(out);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("rank,trial_id,status,train_lr,seed,steps,final_loss,sliced_w1,radial_w1,"
                + "angular_w1,wall_seconds"), lines.get(0));
        assertEquals(2, lines.stream().filter(l -> l.contains(",ok,0.001,")).count(), String.join("\n", lines));
        List<String> failed = lines.stream().filter(l -> l.contains(",failed,")).toList();
        assertEquals(2, failed.size());
        failed.forEach(l -> assertTrue(l.contains("training diverged"), l));

        for (String id : List.of("t000", "t001")) { // the lr 1e-3 trials
            File trial = new File(out, "trials/" + id);
            for (String f : List.of("model/_COMPLETE", "samples/_SUCCESS", "metrics.json", "loss.csv", "run.json",
                    "trial.json", "plots/samples.png")) {
                assertTrue(new File(trial, f).isFile(), id + "/" + f);
            }
        }
        for (String plot : List.of("quality_vs_batch_size", "quality_vs_learning_rate", "loss_curves",
                "quality_vs_wall_time")) {
            assertTrue(new File(out, "plots/" + plot + ".png").length() > 1000, plot);
        }
        com.fasterxml.jackson.databind.JsonNode sweepJson = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new File(out, "sweep.json"));
        assertEquals("trial-parallel", sweepJson.get("mode").asText());
        assertEquals(2, sweepJson.get("parallel_trials").asInt(-1), "one trial per task slot of local[2]: " + sweepJson);
        assertTrue(sweepJson.get("parallel_trials").isInt(), sweepJson.toString());
        RunConfig best = ConfigLoader.load(new File(out, "best.conf"), List.of());
        assertEquals(1e-3, best.train().lr(), 0.0); // the best trial is one that did not diverge
        assertEquals(200, best.train().batchSize());

        try (LocalSpark spark = new LocalSpark()) {
            Dataset<Row> board = spark.session().read().parquet(new File(out, "leaderboard").toString());
            assertEquals(4, board.count());
            assertEquals(2, board.filter("status = 'failed' AND sliced_w1 IS NULL").count());
            assertEquals("double", board.schema().apply("sliced_w1").dataType().typeName());
            assertEquals(1, board.filter("rank = 1 AND status = 'ok'").count());
        }
    }

    @Test
    void distributedSweepRunsTrialsInParallelPoolsAndRestartsWhereItStopped() throws IOException {
        File spec = spec("distributed", "mode = distributed\nparallelTrials = 2\nmetric = radial_w1\n"
                + "budget.samples = 8000\ngrid.train.batchSize = [200, 400]");
        File out = new File(dir, "distributed");
        assertEquals(0, sweep(spec, out).status());
        List<String> first = csvLines(out);
        assertEquals(3, first.size());
        // the samples budget: 8000 / 200 = 40 steps and 8000 / 400 = 20 steps
        assertTrue(first.stream().anyMatch(l -> l.contains(",200,40,")), String.join("\n", first));
        assertTrue(first.stream().anyMatch(l -> l.contains(",400,20,")), String.join("\n", first));

        // as if the sweep had been killed while t001 was sampling: its trial.json and samples are gone
        File t0 = new File(out, "trials/t000/trial.json");
        byte[] t0Before = Files.readAllBytes(t0.toPath());
        long t0Modified = t0.lastModified();
        File t1 = new File(out, "trials/t001");
        assertTrue(new File(t1, "trial.json").delete());
        LocalSpark.deleteRecursively(new File(t1, "samples").toPath());
        EndToEndRunTest.Result again = sweep(spec, out);
        assertEquals(0, again.status(), again.stderr());
        assertArrayEquals(t0Before, Files.readAllBytes(t0.toPath()));
        assertEquals(t0Modified, t0.lastModified()); // finished trial skipped, not rerun
        assertTrue(new File(t1, "trial.json").isFile());
        assertTrue(new File(t1, "samples/_SUCCESS").isFile());
        assertEquals(3, csvLines(out).size());
    }

    @Test
    void aSweepWhoseEveryTrialFailedSaysSoInOneLineAndNeverAdvisesTrainResume() throws IOException {
        // lr 1e4 diverges in the first round, before any checkpoint of the trial
        File spec = spec("diverging-distributed", "mode = distributed\ngrid.train.lr = [1e4]");
        File out = new File(dir, "diverging-distributed");
        EndToEndRunTest.Result r = sweep(spec, out);
        assertEquals(Main.FAILED, r.status(), r.stderr()); // its only trial failed: the sweep did not succeed
        assertEquals("error: no trial of the sweep succeeded; each one's error is in " + out + "/leaderboard.csv",
                r.stderr().strip());
        List<String> failed = csvLines(out).stream().filter(l -> l.contains(",failed,")).toList();
        assertEquals(1, failed.size(), String.join("\n", csvLines(out)));
        String row = failed.get(0);
        assertTrue(row.contains("training diverged") && row.contains("no checkpoint was written before it"), row);
        assertFalse(row.contains("--resume"), row);
    }

    @Test
    void aRestartWithOtherSettingsIsRefusedUnlessOverwriting() throws IOException {
        File spec = spec("changed", "mode = trial-parallel\ngrid.seed = [3]");
        File out = new File(dir, "changed");
        assertEquals(0, sweep(spec, out).status());
        byte[] before = Files.readAllBytes(new File(out, "leaderboard.csv").toPath());

        EndToEndRunTest.Result r = sweep(spec, out, "--set", "sample.count=3000");
        assertEquals(2, r.status());
        assertTrue(r.stderr().contains("trials.json holds a sweep with other trials or shared settings"), r.stderr());
        assertEquals(1, r.stderr().strip().lines().count(), r.stderr());
        assertArrayEquals(before, Files.readAllBytes(new File(out, "leaderboard.csv").toPath()));

        assertEquals(0, sweep(spec, out, "--set", "sample.count=3000", "--overwrite").status());
        assertTrue(Files.readString(new File(out, "trials.json").toPath()).contains("\"sample.count\" : 3000"));
    }

    @Test
    void badSpecsFailBeforeAnyTrialRunsNamingTheKey() throws IOException {
        File out = new File(dir, "bad");
        EndToEndRunTest.Result unknown = sweep(spec("unknown-key", "grid.train.batchSzie = [100]"), out);
        assertEquals(2, unknown.status());
        assertTrue(unknown.stderr().contains("trial t000") && unknown.stderr().contains("train.batchSzie"),
                unknown.stderr());
        EndToEndRunTest.Result missing = sweep(new File(dir, "missing.conf"), out);
        assertEquals(2, missing.status());
        assertTrue(missing.stderr().contains("--spec") && missing.stderr().contains("missing.conf"), missing.stderr());
        assertFalse(new File(out, "trials.json").exists());
    }

    @Test
    void successiveHalvingStopsATrialThatIsBehindAtItsRung() throws IOException {
        // one trial at a time, so arrival order is t000, t001, t002: t000 is first at the rung and goes on; lr 1e-5
        // leaves t001's loss near its start, behind t000, so with reduction 2 it is stopped at step 20 (the first
        // round end past the rung at 15 of 30 steps); t002 ranks within the best 2 of 3 and goes on
        File spec = spec("halving", "mode = distributed\nearlyStopping { rungs = [0.5], reduction = 2 }\n"
                + "grid.train.lr = [1e-3, 1e-5, 3e-3]");
        File out = new File(dir, "halving");
        EndToEndRunTest.Result r = sweep(spec, out);
        assertEquals(0, r.status(), r.stderr());
        List<String> lines = csvLines(out);
        String stopped = lines.stream().filter(l -> l.contains(",t001,")).findFirst().orElseThrow();
        assertTrue(stopped.contains(",stopped,1.0E-5,20,"), stopped);
        assertTrue(stopped.contains("rung 1 (step 20)") && stopped.contains("-> stop"), stopped);
        assertEquals(2, lines.stream().filter(l -> l.contains(",ok,")).count(), String.join("\n", lines));
        assertFalse(new File(out, "trials/t001/samples").exists()); // a stopped trial is not sampled

        List<String> decisions = Files.readAllLines(new File(out, "early-stopping.csv").toPath());
        assertEquals("rung,trial_id,step,loss,rank,of,kept,decision", decisions.get(0));
        assertEquals(4, decisions.size(), String.join("\n", decisions));
        assertTrue(decisions.stream().anyMatch(d -> d.startsWith("1,t001,20,") && d.endsWith(",stop")));
    }

    @Test
    void dryRunListsTheExpandedTrialsAndWritesNothing() throws IOException {
        File spec = spec("dry", "budget.samples = 8000\ngrid.train.batchSize = [200, 400]\n"
                + "lrScaling { base = 1e-3, baseBatch = 200, power = [0, 1] }");
        File out = new File(dir, "dry");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        EndToEndRunTest.Result r;
        try {
            r = sweep(spec, out, "--dry-run");
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, r.status(), r.stderr());
        List<String> lines = printed.toString(java.nio.charset.StandardCharsets.UTF_8).strip().lines().toList();
        // batch 200 is the base batch: both powers give lr 1e-3, one trial; batch 400 gives 1e-3 and 2e-3
        assertEquals(List.of("3 trials (distributed, budget samples = 8000, ranked by sliced_w1):",
                "t000 train.batchSize=200 train.lr=0.001 train.steps=40",
                "t001 train.batchSize=400 train.lr=0.001 train.steps=20",
                "t002 train.batchSize=400 train.lr=0.002 train.steps=20"), lines);
        assertFalse(out.exists());
    }

    @Test
    void everyShippedSpecExpandsToTrialsWhoseSettingsAreValid() throws IOException {
        File[] specs = new File("conf/sweeps").listFiles((d, name) -> name.endsWith(".conf"));
        assertTrue(specs != null && specs.length >= 3, "the shipped specs");
        for (File spec : specs) {
            EndToEndRunTest.Result r = sweep(spec, new File(dir, "shipped-" + spec.getName()), "--dry-run");
            assertEquals(0, r.status(), spec + ": " + r.stderr());
        }
    }

    @Test
    void aGridBeyondTheTrialCapIsRefusedBeforeAnythingRuns() throws IOException {
        File spec = spec("huge", "budget.steps = 10\ngrid {\n seed = [" + java.util.stream.IntStream.range(0, 40)
                .mapToObj(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + "]\n"
                + " train.lr = [" + java.util.stream.IntStream.range(1, 31).mapToObj(i -> i + "e-4")
                .collect(java.util.stream.Collectors.joining(", ")) + "]\n}");
        File out = new File(dir, "huge");
        EndToEndRunTest.Result r = sweep(spec, out, "--dry-run");
        assertEquals(Main.BAD_INPUT, r.status(), r.stderr());
        assertTrue(r.stderr().contains("sweep.maxTrials = 1000: the spec expands to 1200 trials"), r.stderr());
        assertFalse(out.exists());
        assertEquals(0, sweep(spec, out, "--dry-run", "--set", "sweep.maxTrials=1200").status());
    }
}
