package nanodiffusion.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.testing.ChildProcess;
import nanodiffusion.testing.LocalSpark;
import nanodiffusion.testing.StandaloneCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on a real standalone cluster (master + two worker JVMs on 127.0.0.1): an executor killed mid-training,
 * the driver killed mid-training and resumed, the driver killed mid-sampling and rerun. Each test prints what was
 * lost and how long recovery took.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String[] SMALL = {"--set", "train.batchSize=2000", "--set", "train.logEvery=50",
            "--set", "train.checkpointEvery=50", "--set", "sample.count=6000", "--set", "sample.batchSize=1000",
            "--set", "sample.partitions=2", "--set", "eval.directions=16", "--set", "model.width=32"};
    /** Guards against a hang, far above the time to a job's event (AWAIT) and to its end (FINISH). */
    private static final Duration AWAIT = Duration.ofMinutes(5);
    private static final Duration FINISH = Duration.ofMinutes(10);
    /** The executors' line per finished block of sampling: "SampleBlocks: sampled ids 0-999 (block 1 of 60) at 812 ms". */
    private static final Pattern SAMPLED_BLOCK =
            Pattern.compile("SampleBlocks: sampled ids \\d+-\\d+ \\(block (\\d+) of (\\d+)\\)");
    private StandaloneCluster cluster;
    private Path out;

    @BeforeAll
    void start() throws IOException {
        cluster = new StandaloneCluster(PROJECT, 2, 1, "3g");
        out = Files.createTempDirectory("nd-faults");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (out != null) {
            LocalSpark.deleteRecursively(out);
        }
    }

    /** A submission running in the background: command and --out, the small settings, then the test's (later wins). */
    private ChildProcess submit(String command, File outDir, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--out", outDir.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(extra));
        return cluster.submit(args.toArray(String[]::new));
    }

    /** The application id of a submission, from its driver's "Executor added: app-.../0 on worker-..." line. */
    private static String application(ChildProcess submission) throws Exception {
        Pattern added = Pattern.compile("Executor added: (app-[0-9-]+)/");
        submission.awaitEvent(() -> added.matcher(submission.output()).find(), "an executor of its own", AWAIT);
        Matcher m = added.matcher(submission.output());
        m.find();
        return m.group(1);
    }

    /** The distinct blocks an application's executors logged as sampled ("... (block 7 of 60) at ... ms"). */
    private Set<Integer> sampledBlocks(String app) throws IOException {
        return SAMPLED_BLOCK.matcher(cluster.executorLogs(app)).results().map(r -> Integer.parseInt(r.group(1)))
                .collect(Collectors.toSet());
    }

    private static List<String> column(File lossCsv) throws IOException {
        return Files.readAllLines(lossCsv.toPath()).stream().skip(1).map(l -> l.split(",")[1]).toList();
    }

    private static JsonNode json(File f) throws IOException {
        return new ObjectMapper().readTree(f);
    }

    @Test
    void executorKilledMidTrainingIsReplacedAndTheRunCompletes() throws Exception {
        File undisturbed = out.resolve("executor-undisturbed").toFile();
        ChildProcess reference = submit("train", undisturbed, "--set", "train.steps=400");
        assertEquals(0, reference.await(FINISH), reference.output());

        File run = out.resolve("executor-loss").toFile();
        ChildProcess s = submit("run", run, "--set", "train.steps=400");
        s.awaitOutput("step 100/400", AWAIT);
        List<ProcessHandle> executors = cluster.executors();
        assertFalse(executors.isEmpty(), "executors running");
        long killedAt = System.nanoTime();
        executors.get(0).destroyForcibly();
        assertEquals(0, s.await(FINISH), s.output());
        System.out.printf("executor loss: run finished %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);
        // rounds are pure functions of (seed, step, worker) and the round's starting parameters: the lost tasks re-run
        // on the replacement executor redo the same work, so the run's losses equal the undisturbed run's
        assertEquals(column(new File(undisturbed, "loss.csv")), column(new File(run, "loss.csv")));
        assertEquals(400, json(new File(run, "run.json")).get("train").get("steps").asInt());
        JsonNode metrics = json(new File(run, "metrics.json"));
        assertEquals(6000, metrics.get("n_samples").asLong());
        assertEquals(0, metrics.get("n_nonfinite").asLong());
    }

    @Test
    void aFrozenExecutorIsAStallThatIsLoggedThenStopsTheRunKeepingItsCheckpoints() throws Exception {
        File run = out.resolve("stall").toFile();
        // tight bounds so the test is short: warn after 2 x the slowest round so far, stop after 1.5 x that
        ChildProcess s = submit("train", run, "--set", "train.steps=100000", "--set", "stall.factor=2",
                "--set", "stall.stopFactor=1.5", "--set", "train.checkpointEvery=50");
        s.awaitOutput("checkpoint at step 100", AWAIT);
        List<ProcessHandle> executors = cluster.executors();
        assertFalse(executors.isEmpty(), "executors running");
        long pid = executors.get(0).pid();
        // the injected stall: the executor's JVM stopped by SIGSTOP, alive to Spark for its network timeout (120 s)
        assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor());
        try {
            s.awaitOutput("no averaging round finished for", AWAIT);
            assertEquals(1, s.await(FINISH), s.output());
        } finally {
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
        }
        List<String> errors = s.output().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), s.output());
        assertTrue(errors.get(0).contains("no averaging round finished for") && errors.get(0).contains("waiting on "
                + "worker(s) [") && errors.get(0).contains("is kept: run train --resume"), errors.get(0));
        String[] kept = new File(run, "checkpoints").list((d, n) -> n.startsWith("step-"));
        assertTrue(kept != null && kept.length > 0, "checkpoints kept for --resume");
        assertFalse(new File(run, "model").exists(), "no model from a stopped run");
        System.out.printf("stall: %s%n", errors.get(0));
    }

    @Test
    void driverKilledMidTrainingResumesLosingAtMostOneCheckpointInterval() throws Exception {
        File run = out.resolve("driver-loss").toFile();
        ChildProcess first = submit("train", run, "--set", "train.steps=400");
        first.awaitOutput("checkpoint at step 150", AWAIT);
        first.kill();
        File checkpoints = new File(run, "checkpoints");
        String[] left = checkpoints.list((d, n) -> n.startsWith("step-"));
        assertTrue(left != null && left.length > 0, "checkpoints survived the driver");
        assertFalse(new File(run, "model").exists(), "no model from a killed run");

        long start = System.nanoTime();
        ChildProcess resumed = submit("train", run, "--set", "train.steps=400", "--resume");
        assertEquals(0, resumed.await(FINISH), resumed.output());
        JsonNode train = json(new File(run, "run.json")).get("train");
        long from = train.get("resumed_from_step").asLong();
        System.out.printf("driver loss in training: resumed from step %d, recovery run took %.1f s%n", from,
                (System.nanoTime() - start) / 1e9);
        assertTrue(from >= 150, "lost at most one checkpoint interval (50 steps): resumed from " + from);
        assertEquals(400, train.get("steps").asInt());
        assertTrue(new File(run, "model/_COMPLETE").isFile());
    }

    @Test
    void driverKilledMidSamplingLeavesNothingCompleteAndARerunGivesTheSameSamples() throws Exception {
        File run = out.resolve("sampling-loss").toFile();
        ChildProcess train = submit("train", run, "--set", "train.steps=100");
        assertEquals(0, train.await(FINISH), train.output());

        // the executors log a line per finished block: killing the driver once the first is logged lands the kill
        // after sampling has begun, whatever the machine's speed
        ChildProcess sampling = submit("sample", run, "--set", "sample.count=60000");
        String app = application(sampling);
        sampling.awaitEvent(() -> !sampledBlocks(app).isEmpty(), "a sampled block in the executors' logs", AWAIT);
        sampling.kill();
        // counted after the kill, so an upper bound of the blocks done when it landed: fewer than the job's 60 (of
        // 1000 ids each) means the kill came before the job had sampled everything, and the driver, which logs the
        // job's end, never did
        Set<Integer> done = sampledBlocks(app);
        System.out.printf("driver loss in sampling: killed with %d of 60 blocks logged by the executors%n", done.size());
        assertTrue(done.size() >= 1 && done.size() < 60, "the kill landed mid-sampling: blocks " + done);
        assertTrue(SAMPLED_BLOCK.matcher(cluster.executorLogs(app)).results().allMatch(r -> r.group(2).equals("60")),
                "the job has 60 blocks");
        assertFalse(sampling.output().contains("sampling job (sampling and writing Parquet)"),
                "the driver never saw the job end:\n" + sampling.output());
        assertFalse(new File(run, "samples").exists(), "no samples folder from a killed job, complete or not");
        String[] partial = run.list((d, n) -> n.startsWith(".samples.staging-"));
        System.out.printf("driver loss in sampling: %d hidden staging folder(s) left, removed by the rerun%n", partial.length);

        long start = System.nanoTime();
        ChildProcess rerun = submit("sample", run, "--set", "sample.count=60000");
        assertEquals(0, rerun.await(FINISH), rerun.output());
        System.out.printf("driver loss in sampling: rerun took %.1f s%n", (System.nanoTime() - start) / 1e9);
        assertEquals(0, run.list((d, n) -> n.startsWith(".samples.staging-")).length, "stale staging removed");
        File reference = out.resolve("sampling-reference").toFile();
        Files.createDirectories(reference.toPath());
        Files.walk(new File(run, "model").toPath()).forEach(p -> copy(p, run.toPath(), reference.toPath()));
        ChildProcess again = submit("sample", reference, "--set", "sample.count=60000",
                "--set", "sample.partitions=3");
        assertEquals(0, again.await(FINISH), again.output());

        try (LocalSpark local = new LocalSpark()) {
            SparkSession spark = local.session();
            List<Row> a = spark.read().parquet(new File(run, "samples").toString()).orderBy("sample_id").collectAsList();
            List<Row> b = spark.read().parquet(new File(reference, "samples").toString()).orderBy("sample_id").collectAsList();
            assertEquals(60000, a.size());
            assertEquals(a, b, "samples are a pure function of seed and sample id");
        }
    }

    private static void copy(Path p, Path from, Path to) {
        try {
            Path target = to.resolve(from.relativize(p));
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
