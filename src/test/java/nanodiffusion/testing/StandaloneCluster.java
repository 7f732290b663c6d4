package nanodiffusion.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on 127.0.0.1: one master and some workers, each its own JVM started from the Spark home
 * that submit/common.sh assembles from the Maven dependencies. {@link #close()} stops every process it started,
 * executors and the drivers of {@link #submit} included, by pid.
 */
public final class StandaloneCluster implements AutoCloseable {
    private final Path projectRoot;
    private final Path root;
    private final Path sparkHome;
    private final List<Process> processes = new ArrayList<>();
    private final List<ChildProcess> submissions = new ArrayList<>();
    private final int masterPort;
    private List<String> security = List.of();

    public StandaloneCluster(Path projectRoot, int workers, int coresPerWorker, String workerMemory) throws IOException {
        this(projectRoot, workers, coresPerWorker, workerMemory, null);
    }

    /**
     * @param secret when not null, every daemon runs with spark.authenticate = true and this shared secret, RPC
     *               (AES) and I/O encryption on, read from a properties file readable by its owner only (not the
     *               command line); the workers hand it to their executors through the environment, as Spark does
     */
    public StandaloneCluster(Path projectRoot, int workers, int coresPerWorker, String workerMemory, String secret)
            throws IOException {
        this.projectRoot = projectRoot;
        root = Files.createTempDirectory("nd-cluster");
        sparkHome = Path.of(ChildProcess.bash(projectRoot, "source submit/common.sh && nd_assemble_spark_home",
                Duration.ofMinutes(5)).strip());
        masterPort = freePort();
        try {
            security = secret == null ? List.of() : List.of("--properties-file", securityProperties(secret).toString());
            start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
            awaitPort(masterPort, Duration.ofSeconds(60));
            for (int w = 0; w < workers; w++) {
                Path workDir = Files.createDirectories(root.resolve("worker-" + w));
                start("worker-" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
                        "--cores", String.valueOf(coresPerWorker), "--memory", workerMemory,
                        "--work-dir", workDir.toString(), masterUrl());
            }
            awaitWorkers(workers, Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    public Path sparkHome() {
        return sparkHome;
    }

    /** The log of one of the cluster's JVMs ("master", "worker-0", ...). */
    public String log(String name) throws IOException {
        return Files.readString(root.resolve(name + ".log"));
    }

    /** The standard error of every executor the workers have launched (work-dir/app/executor/stderr). */
    public String executorLogs() throws IOException {
        return executorLogs(null);
    }

    /**
     * The standard error of the executors of one application ({@code app}: its id, app-...; null: of all). Reads the
     * workers' work dirs only, which nothing deletes while the cluster runs, so it can be called while jobs run.
     */
    public String executorLogs(String app) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var workers = Files.list(root)) {
            for (Path worker : workers.filter(p -> p.getFileName().toString().startsWith("worker-")
                    && Files.isDirectory(p)).sorted().toList()) {
                try (var files = Files.walk(worker)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr") && (app == null
                            || p.getParent().getParent().getFileName().toString().equals(app))).sorted().toList()) {
                        // decoded leniently: the last line may be half written
                        sb.append("== ").append(root.relativize(f)).append('\n')
                                .append(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Worker JVMs' child processes: the executors currently running. */
    public List<ProcessHandle> executors() {
        return processes.stream().filter(p -> p.isAlive()).flatMap(Process::descendants)
                .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    private Path securityProperties(String secret) throws IOException {
        Path file = root.resolve("security.properties");
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, String.join("\n", "spark.authenticate true", "spark.authenticate.secret " + secret,
                "spark.network.crypto.enabled true", "spark.io.encryption.enabled true", ""));
        return file;
    }

    private void start(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*",
                "-Dlog4j2.configurationFile=" + sparkHome.resolve("conf/log4j2.properties"), mainClass));
        cmd.addAll(List.of(args));
        cmd.addAll(security);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(root.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12"); // what a distribution's load-spark-env.sh sets for the launcher
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOG_DIR", root.toString());
        env.put("OMP_NUM_THREADS", "1");
        // scratch of the daemons and of the executors they launch (which inherit this environment) stays under
        // root, so even executors killed by a test leave nothing behind once the cluster is closed
        ChildProcess.scratchIn(env, root);
        processes.add(pb.start());
    }

    private void awaitWorkers(int workers, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long registered = log("master").lines().filter(l -> l.contains("Registering worker")).count();
            if (registered >= workers) {
                return;
            }
            sleep(250);
        }
        throw new IOException("only some workers registered with " + masterUrl() + " within " + timeout
                + "; master log:\n" + log("master"));
    }

    private static void awaitPort(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        throw new IOException("nothing listened on 127.0.0.1:" + port + " within " + timeout);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (ChildProcess submission : submissions) { // drivers a failed test left running
            try {
                submission.close();
            } catch (IOException notOwned) {
                // only the deletion of a log the child owns throws; a submission's log is in root, deleted below
            }
        }
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().forEach(all::add); // executors first: they are the workers' children
        }
        processes.forEach(p -> all.add(p.toHandle()));
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        LocalSpark.deleteRecursively(root);
    }

    /** Every log the cluster's JVMs wrote (daemons and executors), for searching. */
    public String allLogs() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(
                    "security.properties") && !p.toString().contains("/spark-local/") && !p.toString().endsWith(".jar"))
                    .toList()) {
                try {
                    sb.append(Files.readString(f, StandardCharsets.ISO_8859_1));
                } catch (NoSuchFileException gone) {
                    // a JVM's temporary file (a native library's lock) removed between the listing and the read
                }
            }
        }
        return sb.toString();
    }

    public File root() {
        return root.toFile();
    }

    /** Starts submit/standalone.sh against this cluster with {@code appArgs} (the command and its options). */
    public ChildProcess submit(String... appArgs) throws IOException {
        return submit(Map.of(), appArgs);
    }

    /**
     * As above with more environment for the script (e.g. SPARK_AUTH_SECRET_FILE; a SPARK_SUBMIT_EXTRA is appended to
     * this method's own). The driver runs on loopback without a UI, its scratch (java.io.tmpdir, Spark's local dirs)
     * in this cluster's folder, so a killed driver leaves nothing elsewhere; its output goes to a file there too.
     */
    public ChildProcess submit(Map<String, String> env, String... appArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", "submit/standalone.sh", masterUrl()));
        cmd.addAll(List.of(appArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectRoot.toFile());
        Map<String, String> e = pb.environment();
        e.put("TOTAL_CORES", "2");
        e.put("EXECUTOR_MEMORY", "2g");
        e.put("ND_DRIVER_MEMORY", "2g");
        e.put("SPARK_SUBMIT_EXTRA", "--conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false");
        e.remove("SPARK_HOME");
        ChildProcess.scratchIn(e, root.resolve("driver"));
        env.forEach((k, v) -> e.merge(k, v, (base, more) -> k.equals("SPARK_SUBMIT_EXTRA") ? base + " " + more : more));
        Path logs = Files.createDirectories(root.resolve("submissions"));
        ChildProcess submission = ChildProcess.start(pb, Files.createTempFile(logs, "submit-", ".log"));
        submissions.add(submission);
        return submission;
    }
}
