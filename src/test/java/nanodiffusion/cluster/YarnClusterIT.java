package nanodiffusion.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.cli.Main;
import nanodiffusion.testing.ChildProcess;
import nanodiffusion.testing.CliSparkProperties;
import nanodiffusion.testing.LocalSpark;
import nanodiffusion.testing.MiniYarn;
import nanodiffusion.testing.SparkInstallation;
import nanodiffusion.testing.StandaloneCluster;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * submit/yarn.sh as a user types it, against a real ResourceManager: MiniYARNCluster and MiniDFSCluster on 127.0.0.1,
 * their client configuration in a folder given as HADOOP_CONF_DIR. Cluster and client deploy mode, with the Spark home
 * the scripts assemble and with a Spark installation (SPARK_HOME); an executor's container killed mid-training; a
 * failed application's line and exit status read back from the ResourceManager's diagnostics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YarnClusterIT {
    private static final java.nio.file.Path PROJECT = java.nio.file.Path.of("").toAbsolutePath();
    /** StandaloneClusterIT's run, its progress logged every 50 steps (the moment the executor is killed). */
    private static final String[] RUN = {"--set", "train.steps=200", "--set", "train.batchSize=2000",
            "--set", "train.logEvery=50", "--set", "sample.count=4000", "--set", "sample.batchSize=1000",
            "--set", "sample.partitions=2", "--set", "eval.directions=32"};
    /** Guards against a hang, far above an application's time here (under a minute). */
    private static final Duration FINISH = Duration.ofMinutes(6);
    private static final Set<YarnApplicationState> ENDED = Set.of(YarnApplicationState.FINISHED,
            YarnApplicationState.FAILED, YarnApplicationState.KILLED);
    private MiniYarn yarn;
    private SparkInstallation installation;
    /** The environment that puts the assembled Spark home's jars on the node (spark.yarn.jars=local:...). */
    private Map<String, String> assembledOnNodes;
    private String undisturbed;
    /** Submitted at the start, so that their application masters overlap the run: bad settings, unreachable --out. */
    private String[] badSettingsArgs;
    private String unreachable;
    private String[] unreachableArgs;
    private Submission badSettings;
    private Submission unreachableOut;

    @BeforeAll
    void start() throws IOException {
        // an application master (1 GB driver in cluster mode) and two 1 GB executors: 1.5 GB containers with Spark's
        // 384 MB overhead, room for two applications at once
        yarn = new MiniYarn(PROJECT, 9216, 8);
        installation = new SparkInstallation(PROJECT);
        // as a cluster's Spark installation is often set up: Spark on every node at the same path (here the only
        // node), so no submission uploads and unpacks 400 MB of jars; and dynamic allocation on, which Spark refuses
        // for barrier jobs such as training (submit/yarn.sh turns it off for its applications)
        installation.defaults("spark.yarn.jars local:" + installation.jars() + "/*",
                "spark.dynamicAllocation.enabled true", "spark.shuffle.service.enabled false",
                "spark.dynamicAllocation.shuffleTracking.enabled true");
        java.nio.file.Path assembled = java.nio.file.Path.of(ChildProcess.bash(PROJECT,
                "source submit/common.sh && nd_assemble_spark_home", Duration.ofMinutes(5)).strip());
        assembledOnNodes = Map.of("SPARK_SUBMIT_EXTRA", "--conf spark.yarn.jars=local:" + assembled + "/jars/*");
        badSettingsArgs = args("train", yarn.hdfs().uri("/runs/bad-settings"), RUN, new String[] {
                "--set", "train.steps=-5"});
        unreachable = "hdfs://127.0.0.1:" + StandaloneCluster.freePort() + "/runs/nowhere"; // nothing listens there
        unreachableArgs = args("train", unreachable, RUN);
        badSettings = new Submission("cluster", true, Map.of(), badSettingsArgs);
        // its driver starts Spark, and so executors, before it finds --out unreachable: one is enough
        unreachableOut = new Submission("cluster", false, Map.of("NUM_EXECUTORS", "1"), unreachableArgs);
    }

    @AfterAll
    void stop() {
        if (yarn != null) {
            yarn.close();
        }
        if (installation != null) {
            installation.close();
        }
    }

    /** One run of submit/yarn.sh, tagged with a tag of the test's own through APP_TAGS. */
    private final class Submission {
        final ChildProcess process;
        final String tag;
        final long started = System.nanoTime();

        /**
         * @param sparkHome whether SPARK_HOME names the installation; else the script assembles a Spark home
         */
        Submission(String mode, boolean sparkHome, Map<String, String> env, String... appArgs) throws IOException {
            tag = "it-" + appArgs[0] + "-" + Long.toHexString(System.nanoTime());
            Map<String, String> e = new HashMap<>(sparkHome ? Map.of("SPARK_HOME", installation.home().toString())
                    : assembledOnNodes);
            e.put("DEPLOY_MODE", mode);
            e.put("APP_TAGS", tag);
            e.putAll(env);
            process = yarn.submit(e, appArgs);
        }

        int await() throws IOException {
            int status = process.await(FINISH);
            System.out.printf("submission %s: exit %d after %.1f s%n", tag, status, (System.nanoTime() - started) / 1e9);
            return status;
        }

        /** The submission's output and the end of every container's stderr, for a failure message. */
        String diagnosis() throws IOException {
            String containers = yarn.containerLogs();
            return process.output() + "\n-- containers' stderr (end) --\n"
                    + containers.substring(Math.max(0, containers.length() - 20_000));
        }

        String lastLine() throws IOException {
            List<String> lines = process.output().strip().lines().toList();
            return lines.get(lines.size() - 1);
        }

        /** The ResourceManager's report of this submission's application once it has ended. */
        ApplicationReport application() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) { // in client mode the driver may end before its application master has unregistered
                List<ApplicationReport> apps = yarn.applications(tag);
                assertEquals(1, apps.size(), "one application tagged " + tag + ": " + apps);
                ApplicationReport app = apps.get(0);
                if (ENDED.contains(app.getYarnApplicationState())) {
                    return app;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("application still " + app.getYarnApplicationState()
                            + " 60 s after its submission ended: " + app);
                }
                Thread.sleep(200); // the interval of a poll of the ResourceManager's state
            }
        }

        /** Asserts the application ran under the name and tags the script sets and succeeded. */
        void assertSucceeded(String command) throws Exception {
            ApplicationReport app = application();
            assertEquals("nano-diffusion " + command, app.getName());
            assertEquals(YarnApplicationState.FINISHED, app.getYarnApplicationState(), app.getDiagnostics());
            assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), app.getDiagnostics());
            assertTrue(app.getApplicationTags().containsAll(Set.of("nano-diffusion", command, tag)),
                    "tags " + app.getApplicationTags());
            assertTrue(app.getApplicationTags().stream().anyMatch(t -> t.startsWith("nd-submit-")),
                    "the submission's own tag: " + app.getApplicationTags());
        }
    }

    private static String[] args(String command, String out, String[]... groups) {
        List<String> all = new ArrayList<>(List.of(command, "--out", out));
        for (String[] g : groups) {
            all.addAll(List.of(g));
        }
        return all.toArray(String[]::new);
    }

    private FileSystem hdfs() throws IOException {
        return FileSystem.newInstance(URI.create(yarn.hdfs().uri("/")), yarn.clientConfiguration());
    }

    private String readHdfs(String uri) throws IOException {
        try (FileSystem fs = hdfs(); InputStream in = fs.open(new Path(uri))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private boolean existsOnHdfs(String uri) throws IOException {
        try (FileSystem fs = hdfs()) {
            return fs.exists(new Path(uri));
        }
    }

    private static List<String> lossColumn(String csv) {
        return csv.lines().skip(1).map(l -> l.split(",")[1]).toList();
    }

    /** The undisturbed `run` in cluster mode (StandaloneClusterIT's), submitted by the first test that needs it. */
    private synchronized String undisturbedRun() throws Exception {
        if (undisturbed == null) {
            String out = yarn.hdfs().uri("/runs/r1");
            // no SPARK_HOME: the Spark home the script assembles, with spark-yarn; a queue of the user's
            Submission run = new Submission("cluster", false, Map.of("QUEUE", MiniYarn.QUEUE), args("run", out, RUN));
            assertEquals(0, run.await(), run.diagnosis());
            run.assertSucceeded("run");
            assertEquals(MiniYarn.QUEUE, run.application().getQueue());
            undisturbed = out;
        }
        return undisturbed;
    }

    @Test
    void runInClusterModeAndSampleInClientModeWriteToHdfs() throws Exception {
        String out = undisturbedRun();
        JsonNode runJson = new ObjectMapper().readTree(readHdfs(out + "/run.json"));
        assertEquals(2, runJson.get("train").get("workers").asInt(), "two executors' task slots");
        JsonNode metrics = new ObjectMapper().readTree(readHdfs(out + "/metrics.json"));
        assertEquals(4000, metrics.get("n_samples").asLong());
        assertEquals(0, metrics.get("n_nonfinite").asLong());
        ClusterQuality.assertMeetsBounds(metrics);
        String containers = yarn.containerLogs();
        assertTrue(containers.contains("step 200/200"), "the driver trained in the application master:\n" + containers);
        List<String> kernels = containers.lines().filter(l -> l.contains("OpenBLAS core type:")).toList();
        assertTrue(kernels.size() >= 2, "each executor chose its OpenBLAS kernels:\n" + containers);
        kernels.stream().map(l -> l.substring(l.indexOf("OpenBLAS"))).distinct().forEach(System.out::println);

        // client mode from a Spark installation: the driver here, the executors in YARN containers, DL4J from the jar
        assertTrue(!installation.hasJar("nd4j") && !installation.hasJar("deeplearning4j"),
                "the installation's jars leave DL4J to the cluster jar");
        Submission sample = new Submission("client", true, Map.of(), args("sample", out, new String[] {
                "--overwrite", "--set", "sample.count=1000", "--set", "sample.batchSize=250",
                "--set", "sample.partitions=3"}));
        assertEquals(0, sample.await(), sample.diagnosis());
        sample.assertSucceeded("sample");
        assertTrue(existsOnHdfs(out + "/samples/_MANIFEST.json"), "the samples were sealed");
        try (LocalSpark local = new LocalSpark()) {
            Row ids = local.session().read().parquet(out + "/samples")
                    .selectExpr("count(*)", "count(distinct sample_id)", "min(sample_id)", "max(sample_id)").first();
            assertEquals(List.of(1000L, 1000L, 0L, 999L),
                    List.of(ids.getLong(0), ids.getLong(1), ids.getLong(2), ids.getLong(3)));
        }
    }

    @Test
    void anExecutorContainerKilledMidTrainingCostsARetryNotTheRun() throws Exception {
        String reference = undisturbedRun();
        String out = yarn.hdfs().uri("/runs/executor-killed");
        Submission s = new Submission("client", false, Map.of(), args("train", out, RUN));
        s.process.awaitOutput("step 50/200", FINISH);
        String appId = yarn.applications(s.tag).get(0).getApplicationId().toString();
        List<ProcessHandle> executors = yarn.containers("YarnCoarseGrainedExecutorBackend", appId);
        assertEquals(2, executors.size(), "two executor containers running");
        long killedAt = System.nanoTime();
        executors.get(0).destroyForcibly();
        assertEquals(0, s.await(), s.diagnosis());
        System.out.printf("YARN executor loss: run finished %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);
        String driver = s.process.output();
        assertTrue(driver.contains("replaces attempt 0") || driver.contains("resumes from the last averaged round"),
                "the training job was retried:\n" + driver);
        s.assertSucceeded("train");
        // the same seed, the same rounds: the retried job redoes the lost round from its starting parameters, and
        // the cluster-mode run trained the same two workers' rounds
        assertEquals(lossColumn(readHdfs(reference + "/loss.csv")), lossColumn(readHdfs(out + "/loss.csv")));
        assertTrue(existsOnHdfs(out + "/model/_COMPLETE"));
    }

    /** What the command prints and returns in local mode. */
    private static Map.Entry<Integer, String> local(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return Map.entry(status, err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void failedApplicationsEndWithTheLocalLineAndStatusFromTheDiagnostics() throws Exception {
        Map.Entry<Integer, String> badLocally = local(badSettingsArgs);
        Map.Entry<Integer, String> lostLocally;
        try (CliSparkProperties localSpark = new CliSparkProperties()) {
            lostLocally = local(unreachableArgs);
        }
        assertEquals(Map.entry(2, "error: train.steps = -5: must be >= 1"), badLocally);
        assertTrue(lostLocally.getValue().startsWith("error: --out " + unreachable + ": "), lostLocally.getValue());

        for (var c : List.of(Map.entry(badSettings, badLocally), Map.entry(unreachableOut, lostLocally))) {
            Submission s = c.getKey();
            assertEquals(c.getValue().getKey(), s.await(), s.diagnosis());
            assertEquals(c.getValue().getValue(), s.lastLine(), s.diagnosis());
            ApplicationReport app = s.application();
            assertEquals(FinalApplicationStatus.FAILED, app.getFinalApplicationStatus());
            assertTrue(app.getDiagnostics().contains(c.getValue().getValue()), app.getDiagnostics());
        }
        assertFalse(existsOnHdfs(badSettingsArgs[2]), "nothing written for a refused command");
    }
}
