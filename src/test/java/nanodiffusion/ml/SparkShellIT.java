package nanodiffusion.ml;

import nanodiffusion.testing.ChildProcess;
import nanodiffusion.testing.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * spark-shell with the cluster jar: the README's Scala session (which makes its own data), read from README.md,
 * typed into Spark's own Scala shell (org.apache.spark.repl.Main launched by SparkSubmit as bin/spark-shell does,
 * local[2] on 127.0.0.1) with {@code --jars target/nano-diffusion-cluster.jar}; the shell's classpath holds Spark and its Scala compiler, the
 * project's classes only through the jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkShellIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private final Path work = LocalSpark.tempFolder("nd-shell");

    @AfterAll
    void cleanUp() {
        LocalSpark.deleteRecursively(work);
    }

    /** The lines of every ```scala block of the README's section on the Spark ML API, in order. */
    static List<String> readmeScala() throws Exception {
        List<String> lines = Files.readAllLines(PROJECT.resolve("README.md"));
        int section = lines.indexOf("## Use from Spark: the Spark ML API");
        assertTrue(section >= 0, "README.md has the section");
        List<String> scala = new ArrayList<>();
        boolean inside = false;
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.equals("```scala") || (inside && line.equals("```"))) {
                inside = !inside;
            } else if (inside) {
                scala.add(line);
            }
        }
        assertFalse(scala.isEmpty(), "the section has Scala lines");
        return scala;
    }

    private static String shell(String command) throws Exception {
        return ChildProcess.bash(PROJECT, command, Duration.ofMinutes(5)).strip();
    }

    @Test
    void theReadmesScalaSessionRunsInSparkShellWithTheClusterJar() throws Exception {
        Path jar = PROJECT.resolve("target/nano-diffusion-cluster.jar");
        assertTrue(Files.isRegularFile(jar), "built by package");
        String sparkHome = shell("source submit/common.sh && nd_assemble_spark_home");
        String opens = shell("source submit/common.sh && echo \"$ND_JAVA17_OPTS\"");
        // Spark's Scala shell and compiler, from this test's classpath (spark-repl is a test dependency)
        String repl = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).filter(e -> e.contains("spark-repl_") || e.contains("scala-compiler")
                || e.contains("scala-reflect")).toList());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(Arrays.asList(opens.split(" ")));
        cmd.addAll(List.of("-Xmx3g", "-Dscala.usejavacp=true",
                "-cp", sparkHome + "/jars/*" + File.pathSeparator + repl, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.extraJavaOptions=" + opens,
                "--class", "org.apache.spark.repl.Main", "--name", "Spark shell", "--jars", jar.toString(),
                "spark-shell"));
        List<String> session = new ArrayList<>(readmeScala());
        session.add("println(\"SAMPLES=\" + spark.read.parquet(\"samples.parquet\").count())");
        session.add("println(\"SCORED=\" + scored.filter(\"log_likelihood is not null\").count())");
        session.add("println(\"SAME=\" + (again.sample(500).collect().toSeq == model.sample(500).collect().toSeq))");
        session.add("println(\"COLUMNS=\" + again.learnedColumns)");
        session.add("println(\"BEST_LR=\" + best.asInstanceOf[DiffusionModel].getOrDefault(est.setting[Double](\"train.lr\")))");
        session.add(":quit");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().put("SPARK_HOME", sparkHome);
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        ChildProcess.scratchIn(pb.environment(), work);
        String output;
        try (ChildProcess shell = ChildProcess.start(pb, work.resolve("spark-shell.log"))) {
            // the timeout guards against a hang (a shell waiting for input, say), far above the session's time: 115 s
            // idle (AMD EPYC, 2 cores; 176 s idle and 479 s with both cores busy when it scored 5,000 points and tuned at
            // batch 5,000); 10 minutes was passed once at load average 9
            output = shell.input(String.join("\n", session) + "\n").awaitSuccess(Duration.ofMinutes(20));
        }
        assertFalse(output.contains("error:"), output);
        assertTrue(output.contains("SAMPLES=10000"), output);
        assertTrue(output.contains("SCORED=2000"), output); // the session's own 2,000 points, each scored
        assertTrue(output.contains("SAME=true"), output);
        assertTrue(output.contains("COLUMNS=[x, y]"), output);
        assertTrue(output.contains("BEST_LR="), output); // the tuning lines ran; which rate wins is the unit test's
        assertTrue(Files.isRegularFile(work.resolve("ring-model/model/_COMPLETE")), "saved as the CLI's model folder");
    }
}
