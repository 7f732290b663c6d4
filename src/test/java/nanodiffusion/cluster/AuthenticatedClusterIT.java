package nanodiffusion.cluster;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A standalone cluster on 127.0.0.1 with spark.authenticate = true, a generated secret, RPC (AES) and I/O
 * encryption: submit/standalone.sh trains and samples on it with the secret from a file; a submission without
 * the secret is refused; the secret appears in no log, output or event log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthenticatedClusterIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private final String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
    private StandaloneCluster cluster;
    private Path out;

    @BeforeAll
    void startCluster() throws IOException {
        cluster = new StandaloneCluster(PROJECT, 2, 1, "3g", secret);
        out = Files.createTempDirectory("nd-auth-out");
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

    private StandaloneClusterIT.Submitted submit(Map<String, String> env, String... appArgs) throws Exception {
        Path events = Files.createDirectories(cluster.root().toPath().resolve("events"));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("SPARK_SUBMIT_EXTRA", "--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=" + events.toUri());
        return StandaloneClusterIT.submit(cluster, all, appArgs);
    }

    @Test
    void theSubmitScriptTrainsAndSamplesWithTheSecretFromAFileAndNothingShowsTheSecret() throws Exception {
        Path secretFile = out.resolve("spark-secret");
        Files.createFile(secretFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secretFile, secret + "\n");
        File run = out.resolve("run").toFile();
        StandaloneClusterIT.Submitted s = submit(Map.of("SPARK_AUTH_SECRET_FILE", secretFile.toString()),
                "run", "--out", run.toString(), "--set", "train.steps=100", "--set", "train.batchSize=1000",
                "--set", "train.logEvery=50", "--set", "sample.count=2000", "--set", "sample.batchSize=1000",
                "--set", "eval.directions=16", "--set", "eval.floorDraws=1");
        assertEquals(0, s.status(), s.output());
        assertTrue(new File(run, "model/_COMPLETE").isFile());
        assertTrue(new File(run, "samples/_MANIFEST.json").isFile());
        assertTrue(new File(run, "metrics.json").isFile());
        assertTrue(cluster.log("master").contains("Registering app nano-diffusion run"), cluster.log("master"));
        String executors = cluster.executorLogs();
        assertTrue(executors.contains("OpenBLAS core type:"), "executors ran:\n" + executors);

        List<Path> eventLogs;
        try (var files = Files.list(cluster.root().toPath().resolve("events"))) {
            eventLogs = files.toList();
        }
        StringBuilder all = new StringBuilder();
        String events = null; // this run's (the refused submission of the other test may have left its own)
        for (Path log : eventLogs) {
            String text = Files.readString(log);
            all.append(text);
            if (text.contains("\"App Name\":\"nano-diffusion run\"")) {
                events = text;
            }
        }
        assertTrue(events != null, "an event log of the run was written: " + eventLogs);
        assertTrue(events.contains("\"spark.authenticate\":\"true\""), "the event log shows authentication on");
        assertTrue(events.contains("\"spark.network.crypto.enabled\":\"true\""), "and RPC encryption");
        Map<String, String> places = new java.util.LinkedHashMap<>();
        places.put("the submit output", s.output());
        places.put("the cluster's logs (daemons and executors)", cluster.allLogs());
        places.put("run.json", Files.readString(run.toPath().resolve("run.json")));
        places.put("the event logs", all.toString());
        places.forEach((where, text) -> assertFalse(text.contains(secret), "the secret appears in " + where));
    }

    @Test
    void aSubmissionWithoutTheSecretIsRefused() throws Exception {
        File run = out.resolve("intruder").toFile();
        StandaloneClusterIT.Submitted s = submit(Map.of(), "train", "--out", run.toString(),
                "--set", "train.steps=10", "--set", "train.batchSize=1000");
        // one line, from the connection probe before Spark starts (Spark itself gives up a minute later, raising a
        // stopped context or a null task scheduler, which name the same cause)
        assertEquals(1, s.status(), s.output());
        assertTrue(s.output().contains("error: the standalone master " + cluster.masterUrl() + " did not accept this "
                + "application: it requires authentication"), s.output());
        assertFalse(new File(run, "model").exists(), "nothing trained");
        // refused by the connection probe before Spark started, not after Spark's minute of registration attempts
        assertTrue(s.output().contains("Expected SaslMessage"), s.output());
        assertFalse(s.output().contains("All masters are unresponsive"), s.output());
        assertFalse(cluster.log("master").contains("Registering app nano-diffusion train"), "the master never "
                + "registered the unauthenticated application:\n" + cluster.log("master"));
    }
}
