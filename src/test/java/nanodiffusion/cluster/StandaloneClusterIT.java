package nanodiffusion.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.testing.ChildProcess;
import nanodiffusion.testing.LocalSpark;
import nanodiffusion.testing.StandaloneCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The product as a cluster user runs it: a standalone master and two worker JVMs on 127.0.0.1, the cluster jar
 * submitted through submit/standalone.sh, train + sample + evaluate with a small configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private StandaloneCluster cluster;
    private Path out;

    @BeforeAll
    void startCluster() throws IOException {
        cluster = new StandaloneCluster(PROJECT, 2, 1, "3g");
        out = Files.createTempDirectory("nd-cluster-out");
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (out != null) {
            LocalSpark.deleteRecursively(out);
        }
    }

    /** Runs submit/standalone.sh and returns (exit status, combined output). */
    static Submitted submit(StandaloneCluster cluster, String... appArgs) throws Exception {
        return submit(cluster, java.util.Map.of(), appArgs);
    }

    /** As above with more environment for the script (e.g. SPARK_AUTH_SECRET_FILE); a SPARK_SUBMIT_EXTRA is appended. */
    static Submitted submit(StandaloneCluster cluster, java.util.Map<String, String> env, String... appArgs)
            throws Exception {
        try (ChildProcess p = cluster.submit(env, appArgs)) {
            int status = p.await(Duration.ofMinutes(15)); // a guard against a hang, far above a run's time
            return new Submitted(status, p.output());
        }
    }

    record Submitted(int status, String output) {
    }

    @Test
    void runThroughSubmitScriptProducesEveryOutputOnTwoExecutors() throws Exception {
        File run = out.resolve("run").toFile();
        long start = System.nanoTime();
        Submitted s = submit(cluster, "run", "--out", run.toString(), "--set", "train.steps=200",
                "--set", "train.batchSize=2000", "--set", "train.logEvery=100", "--set", "sample.count=4000",
                "--set", "sample.batchSize=1000", "--set", "sample.partitions=2", "--set", "eval.directions=32");
        System.out.printf("cluster run took %.1f s%n", (System.nanoTime() - start) / 1e9);
        assertEquals(0, s.status(), s.output());
        assertTrue(s.output().contains("on 2 workers (1000 each)"), "two task slots from two executors:\n" + s.output());
        assertTrue(new File(run, "model/score-network.zip").isFile());
        assertTrue(new File(run, "model/ema-network.zip").isFile());
        assertTrue(new File(run, "samples/_SUCCESS").isFile());
        JsonNode metrics = new ObjectMapper().readTree(new File(run, "metrics.json"));
        assertEquals(4000, metrics.get("n_samples").asLong());
        assertEquals(0, metrics.get("n_nonfinite").asLong());
        ClusterQuality.assertMeetsBounds(metrics);
        JsonNode runJson = new ObjectMapper().readTree(new File(run, "run.json"));
        assertEquals(2, runJson.get("train").get("workers").asInt());
        assertTrue(cluster.log("master").contains("Registering app nano-diffusion run"), "the master ran our app");
        // the executors ran in the workers' JVMs' children, not in the driver
        for (String worker : List.of("worker-0", "worker-1")) {
            assertTrue(cluster.log(worker).contains("Launch command"), worker + " launched an executor:\n"
                    + cluster.log(worker));
        }
        // each executor chose its own OpenBLAS kernels at start-up, through the plugin the application registers
        String executors = cluster.executorLogs();
        assertEquals(2, executors.lines().filter(l -> l.contains("OpenBLAS core type:")).count(), executors);
    }
}
