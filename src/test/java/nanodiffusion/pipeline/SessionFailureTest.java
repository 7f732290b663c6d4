package nanodiffusion.pipeline;

import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a Spark session can fail to start maps to one line that names the cause, whatever Spark raised. */
class SessionFailureTest {
    /** Exceptions Spark has been seen to raise for one refused standalone application, depending on timing. */
    private static final List<RuntimeException> REFUSALS = List.of(
            new IllegalStateException("Cannot call methods on a stopped SparkContext."),
            new NullPointerException("Cannot invoke \"org.apache.spark.scheduler.TaskScheduler.postStartHook()\""),
            new RuntimeException("wrapped", new IllegalStateException("Cannot call methods on a stopped SparkContext.")));

    @Test
    void aStandaloneMasterThatAnswersButRefusesIsNamedTheSameWhateverSparkRaised() throws Exception {
        try (ServerSocket master = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "spark://127.0.0.1:" + master.getLocalPort();
            for (RuntimeException e : REFUSALS) {
                SessionFailure f = SessionFailure.classify(e, url);
                assertEquals(SessionFailure.Reason.MASTER_REFUSED, f.reason(), e.toString());
                assertTrue(f.getMessage().startsWith("the standalone master " + url + " did not accept this application: "
                        + "it requires authentication"), f.getMessage());
            }
        }
    }

    /** A Spark RPC server on loopback that requires authentication with {@code secret}, as a secured master does. */
    private static org.apache.spark.rpc.RpcEnv authenticatedServer(String secret) {
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf().set("spark.authenticate", "true")
                .set("spark.authenticate.secret", secret);
        org.apache.spark.SecurityManager security = new org.apache.spark.SecurityManager(conf, scala.Option.empty(),
                org.apache.spark.internal.config.package$.MODULE$.AUTH_SECRET_FILE_DRIVER());
        security.initializeAuth();
        return org.apache.spark.rpc.RpcEnv.create("nd-test-master", "127.0.0.1", 0, conf, security, false);
    }

    @Test
    void aMasterRequiringAuthenticationRefusesAnApplicationWithoutItsSecretBeforeSparkStarts() {
        org.apache.spark.rpc.RpcEnv server = authenticatedServer("the-secret");
        try {
            String url = "spark://127.0.0.1:" + server.address().port();
            long start = System.nanoTime();
            SessionFailure f = assertThrows(SessionFailure.class, () -> SessionFailure.requireAccepted(
                    new org.apache.spark.SparkConf().setMaster(url).set("spark.driver.host", "127.0.0.1")));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(SessionFailure.Reason.MASTER_REFUSED, f.reason());
            assertTrue(f.getMessage().startsWith("the standalone master " + url + " did not accept this application: "
                    + "it requires authentication (give its secret with SPARK_AUTH_SECRET_FILE)"), f.getMessage());
            // Spark's own registration gives up after three attempts 20 s apart; the probe's lookup is bounded by 20 s
            assertTrue(seconds < 20, "refused in " + seconds + " s: " + f.getMessage());
            System.out.printf("refused in %.2f s: %s%n", seconds, f.getMessage());

            // with a secret the server does not hold, the same
            assertEquals(SessionFailure.Reason.MASTER_REFUSED, assertThrows(SessionFailure.class, () ->
                    SessionFailure.requireAccepted(new org.apache.spark.SparkConf().setMaster(url)
                            .set("spark.driver.host", "127.0.0.1").set("spark.authenticate", "true")
                            .set("spark.authenticate.secret", "another"))).reason());
        } finally {
            server.shutdown();
            server.awaitTermination();
        }
        SessionFailure.requireAccepted(new org.apache.spark.SparkConf().setMaster("local[2]")); // nothing to probe
    }

    @Test
    void settingsSparkItselfRefusesAreLeftToSparkByTheProbe() throws Exception {
        // authentication on without a secret: SparkContext refuses it in its own words; the probe adds nothing
        try (ServerSocket master = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf().set("spark.authenticate", "true");
            assertEquals(java.util.Optional.empty(), MasterProbe.refusal(conf,
                    new java.net.InetSocketAddress("127.0.0.1", master.getLocalPort())));
        }
    }

    @Test
    void aStandaloneMasterThatDoesNotAnswerIsRefusedBeforeSparkStarts() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "spark://127.0.0.1:" + port;
        SessionFailure f = assertThrows(SessionFailure.class, () -> SessionFailure.requireReachable(url));
        assertEquals(SessionFailure.Reason.MASTER_UNREACHABLE, f.reason());
        assertTrue(f.getMessage().contains(url + " does not answer"), f.getMessage());
        for (RuntimeException e : REFUSALS) {
            assertEquals(SessionFailure.Reason.MASTER_UNREACHABLE, SessionFailure.classify(e, url).reason());
        }
        SessionFailure.requireReachable("local[2]"); // nothing to probe
    }

    @Test
    void tooSmallAHeapIsNamedWithItsSizeAndTheFix() {
        RuntimeException spark = new IllegalArgumentException("[INVALID_DRIVER_MEMORY] System memory 50331648 must be "
                + "at least 471859200. Please increase heap size using the --driver-memory option");
        SessionFailure f = SessionFailure.classify(new RuntimeException(spark), "local[*]");
        assertEquals(SessionFailure.Reason.MEMORY, f.reason());
        assertTrue(f.reason().isResource());
        assertTrue(f.getMessage().startsWith("the driver's Java heap (48 MB) is below the 450 MB Spark needs"), f.getMessage());
        assertTrue(f.getMessage().contains("JAVA_OPTS=-Xmx2g"), f.getMessage());
    }

    @Test
    void aFailureThatIsNotTheSessionsIsLeftAlone() {
        assertNull(SessionFailure.classify(new IllegalStateException("boom"), "local[2]"));
    }

    /** The program as a user runs it, in a JVM of its own with the given heap and master; its status and output. */
    private static String[] run(String heap, String master, Path out) throws Exception {
        Path log = Files.createTempFile("nd-session", ".log");
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
            // this JVM's module options (Surefire's argLine), which Spark needs on Java 17
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).forEach(cmd::add);
            cmd.addAll(List.of("-Dspark.master=" + master, "-cp", System.getProperty("java.class.path"),
                    "nanodiffusion.cli.Main", "train", "--out", out.toString(), "--set", "train.steps=2",
                    "--set", "train.batchSize=100", "--set", "model.width=8"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("no answer within 120 s:\n" + Files.readString(log));
            }
            return new String[] {String.valueOf(p.exitValue()), Files.readString(log)};
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void theCommandPrintsOneLineAndTheResourceStatusForTooSmallAHeapAndLeavesNoFolder() throws Exception {
        Path dir = Files.createTempDirectory("nd-session");
        try {
            Path out = dir.resolve("run");
            String[] r = run("48m", "local[2]", out);
            assertEquals("3", r[0], r[1]);
            List<String> errors = r[1].lines().filter(l -> l.startsWith("error:")).toList();
            assertEquals(1, errors.size(), r[1]);
            assertTrue(errors.get(0).startsWith("error: the driver's Java heap (48 MB) is below"), errors.get(0));
            assertFalse(Files.exists(out), "no output folder from a command that never started");
        } finally {
            LocalSpark.deleteRecursively(dir);
        }
    }
}
