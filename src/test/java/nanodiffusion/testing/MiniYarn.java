package nanodiffusion.testing;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A YARN cluster in this JVM on 127.0.0.1: Hadoop's MiniYARNCluster (a ResourceManager with the capacity scheduler and
 * one NodeManager that launches containers as processes) over an in-process HDFS, as Spark's YarnClusterSuite tests
 * against. {@link #confDir()} holds the client configuration a user's HADOOP_CONF_DIR would; everything lives under one
 * folder, removed by {@link #close()} after the cluster has stopped its containers.
 */
public final class MiniYarn implements AutoCloseable {
    /**
     * The JIT options of every JVM a submission starts (submitter, application master, executors): the client
     * compiler only. Each lives a minute or less, which C2's compiler threads spend more CPU on than they give back:
     * a local run of YarnClusterIT's settings took 20 CPU seconds instead of 32, with the same metrics to the last
     * digit (Java's floating point does not depend on the compiler).
     */
    private static final String QUICK_JVM = "-XX:TieredStopAtLevel=1";
    /** A second queue next to default, for QUEUE=... submissions. */
    public static final String QUEUE = "nd";
    private final Path projectRoot;
    private final Path root;
    private final List<ChildProcess> submissions = new ArrayList<>();
    private final MiniHdfs hdfs;
    private final MiniYARNCluster yarn;
    private final Path confDir;

    /**
     * @param projectRoot  where submit/yarn.sh is, for {@link #submit}
     * @param nodeMemoryMb the NodeManager's memory for containers; containers are rounded up to 256 MB
     * @param nodeVcores   its virtual cores (the capacity scheduler counts memory only)
     */
    public MiniYarn(Path projectRoot, int nodeMemoryMb, int nodeVcores) throws IOException {
        this.projectRoot = projectRoot;
        root = Files.createTempDirectory("nd-yarn");
        MiniHdfs startedHdfs = null;
        MiniYARNCluster startedYarn = null;
        try {
            startedHdfs = new MiniHdfs(root.resolve("hdfs"));
            startedYarn = startYarn(yarnConfiguration(nodeMemoryMb, nodeVcores));
        } catch (IOException | RuntimeException | Error e) { // a missing class at start-up too
            if (startedHdfs != null) {
                startedHdfs.close();
            }
            LocalSpark.deleteRecursively(root);
            throw e;
        }
        hdfs = startedHdfs;
        yarn = startedYarn;
        confDir = writeClientConfiguration();
    }

    private YarnConfiguration yarnConfiguration(int nodeMemoryMb, int nodeVcores) {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        for (String key : List.of(YarnConfiguration.RM_BIND_HOST, YarnConfiguration.NM_BIND_HOST,
                YarnConfiguration.TIMELINE_SERVICE_BIND_HOST)) {
            conf.set(key, "127.0.0.1"); // loopback only
        }
        conf.setInt(YarnConfiguration.YARN_MINICLUSTER_NM_PMEM_MB, nodeMemoryMb); // MiniYARNCluster's own key (else 4 GB)
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, nodeVcores);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMemoryMb);
        // as YarnClusterSuite: a JVM's reserved address space is far above what it uses, and a full shared disk
        // must not take the only node out of service
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100f);
        // the node's environment for every container: a real node has JAVA_HOME set (this JVM's environment may not)
        conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "JAVA_HOME=" + System.getProperty("java.home"));
        // capacity-scheduler.xml is not in hadoop-client-minicluster: two queues, each may use the whole node
        String queues = "yarn.scheduler.capacity.root";
        conf.set(queues + ".queues", "default," + QUEUE);
        for (String queue : List.of("default", QUEUE)) {
            String q = queues + "." + queue;
            conf.setInt(q + ".capacity", 50);
            conf.setInt(q + ".maximum-capacity", 100);
            conf.setFloat(q + ".user-limit-factor", 2);
            conf.set(q + ".state", "RUNNING");
            conf.set(q + ".acl_submit_applications", "*");
            conf.set(q + ".acl_administer_queue", "*");
        }
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        return conf;
    }

    private MiniYARNCluster startYarn(YarnConfiguration conf) throws IOException {
        // MiniYARNCluster puts its work folder (NodeManager local and log dirs) under test.build.data
        String before = System.getProperty("test.build.data");
        System.setProperty("test.build.data", root.resolve("yarn").toString());
        MiniYARNCluster cluster = new MiniYARNCluster("nd-yarn", 1, 1, 1);
        try {
            cluster.init(conf);
            cluster.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            // the RM's port appears in the configuration shortly after start() returns (YarnClusterSuite's note)
            while (cluster.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the ResourceManager did not report its address within 60 s");
                }
                Thread.sleep(100);
            }
            if (!cluster.waitForNodeManagersToConnect(60_000)) {
                throw new IOException("the NodeManager did not register within 60 s");
            }
            return cluster;
        } catch (IOException | RuntimeException | Error e) {
            cluster.stop();
            throw e;
        } catch (Exception e) {
            cluster.stop();
            throw new IOException(e);
        } finally {
            if (before == null) {
                System.clearProperty("test.build.data");
            } else {
                System.setProperty("test.build.data", before);
            }
        }
    }

    /** core-site.xml (HDFS as the default file system), hdfs-site.xml and yarn-site.xml (the running RM's settings). */
    private Path writeClientConfiguration() throws IOException {
        Path dir = Files.createDirectories(root.resolve("hadoop-conf"));
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfs.uri("/"));
        Configuration hdfsSite = new Configuration(false);
        hdfsSite.setInt("dfs.replication", 1); // one data node
        write(core, dir.resolve("core-site.xml"));
        write(hdfsSite, dir.resolve("hdfs-site.xml"));
        Configuration yarnSite = new Configuration(false);
        for (var e : yarn.getConfig()) {
            if (e.getKey().startsWith("yarn.")) {
                yarnSite.set(e.getKey(), e.getValue());
            }
        }
        write(yarnSite, dir.resolve("yarn-site.xml"));
        return dir;
    }

    private static void write(Configuration conf, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            conf.writeXml(out);
        }
    }

    /** The folder to point HADOOP_CONF_DIR at. */
    public Path confDir() {
        return confDir;
    }

    public MiniHdfs hdfs() {
        return hdfs;
    }

    /** A client configuration of this cluster (RM and HDFS), for reading results back. */
    public Configuration clientConfiguration() {
        Configuration conf = new YarnConfiguration(yarn.getConfig());
        conf.set("fs.defaultFS", hdfs.uri("/"));
        return conf;
    }

    /** The ResourceManager's reports of the applications carrying {@code tag}. */
    public List<ApplicationReport> applications(String tag) throws Exception {
        try (YarnClient client = YarnClient.createYarnClient()) {
            client.init(new YarnConfiguration(yarn.getConfig()));
            client.start();
            return client.getApplications(null, null, Set.of(tag));
        }
    }

    /** The JVMs running now in containers of {@code applicationId} whose command line contains {@code mainClass}. */
    public List<ProcessHandle> containers(String mainClass, String applicationId) {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().orElse("").endsWith("java"))
                .filter(h -> {
                    String cmd = h.info().commandLine().orElse("");
                    return cmd.contains(mainClass) && cmd.contains(applicationId);
                }).toList();
    }

    /** Every container's stderr so far, each after a "== path" line. */
    public String containerLogs() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(root.resolve("yarn"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).sorted().toList()) {
                sb.append("== ").append(root.relativize(f)).append('\n')
                        .append(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        } catch (java.io.UncheckedIOException e) {
            // a container's folder vanished while walking: return what was read
        }
        return sb.toString();
    }

    public Path root() {
        return root;
    }

    /**
     * Starts {@code HADOOP_CONF_DIR=confDir() submit/yarn.sh appArgs...} with two 1 GB executors and a 1 GB driver
     * and no SPARK_HOME, unless {@code env} says otherwise (a SPARK_SUBMIT_EXTRA there is appended to this method's
     * own). The driver, wherever it runs, and the executors bind to 127.0.0.1 without a UI; the submitting JVMs'
     * scratch and output go to this cluster's folder; {@link #close()} ends a submission a failed test left running.
     */
    public ChildProcess submit(Map<String, String> env, String... appArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", "submit/yarn.sh"));
        cmd.addAll(List.of(appArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectRoot.toFile());
        Map<String, String> e = pb.environment();
        e.remove("SPARK_HOME");
        e.put("HADOOP_CONF_DIR", confDir.toString());
        e.put("NUM_EXECUTORS", "2");
        e.put("EXECUTOR_MEMORY", "1g");
        e.put("DRIVER_MEMORY", "1g");
        e.put("ND_DRIVER_MEMORY", "1g"); // the submitting JVM: the client-mode driver without SPARK_HOME
        e.put("SPARK_SUBMIT_EXTRA", String.join(" ", "--conf spark.ui.enabled=false",
                "--conf spark.driver.host=127.0.0.1", // client mode: the executors call the driver back here
                "--conf spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf spark.yarn.appMasterEnv.JAVA_TOOL_OPTIONS=" + QUICK_JVM,
                "--conf spark.executorEnv.JAVA_TOOL_OPTIONS=" + QUICK_JVM));
        ChildProcess.scratchIn(e, root.resolve("submitter"));
        e.merge("JAVA_TOOL_OPTIONS", QUICK_JVM, (scratch, quick) -> scratch + " " + quick);
        env.forEach((k, v) -> e.merge(k, v, (base, more) -> k.equals("SPARK_SUBMIT_EXTRA") ? base + " " + more : more));
        Path logs = Files.createDirectories(root.resolve("submissions"));
        ChildProcess submission = ChildProcess.start(pb, Files.createTempFile(logs, "submit-", ".log"));
        submissions.add(submission);
        return submission;
    }

    @Override
    public void close() {
        for (ChildProcess submission : submissions) { // a submitter (client mode: the driver) a failed test left
            try {
                submission.close();
            } catch (IOException notOwned) {
                // only the deletion of a log the child owns throws; a submission's log is in root, deleted below
            }
        }
        List<ProcessHandle> left = new ArrayList<>();
        try {
            yarn.stop(); // the NodeManager stops its containers
        } finally {
            // anything the NodeManager launched that outlived it (a container's JVM under its bash launcher)
            ProcessHandle.current().descendants().filter(h -> h.info().commandLine().orElse("")
                    .contains(root.toString())).forEach(left::add);
            left.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle h : left) {
                try {
                    h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    // killed with SIGKILL: it is gone or going; the folder removal below retries
                }
            }
            hdfs.close();
            LocalSpark.deleteRecursively(root);
        }
    }
}
