package nanodiffusion.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stand-in for a Spark 3.5 installation for SPARK_HOME (no Apache download is reachable here): RELEASE, conf/ with
 * the project's log4j2.properties only, jars/ with Spark's jars and their dependencies from the Maven build, without
 * the application's own libraries (DL4J, ND4J and their natives, JavaCPP, ...: the cluster jar must bring them, as on
 * a real installation), and bin/spark-submit doing what a distribution's bin/spark-class does: ask Spark's own
 * launcher (org.apache.spark.launcher.Main) for the command, which puts HADOOP_CONF_DIR on the classpath, then run it.
 */
public final class SparkInstallation implements AutoCloseable {
    /** Maven groups of the application's own libraries, which no Spark distribution carries. */
    private static final List<String> APPLICATION_LIBRARIES = List.of("/org/deeplearning4j/", "/org/nd4j/",
            "/org/bytedeco/", "/org/datavec/", "/org/jfree/", "/info/picocli/", "/com/typesafe/config/",
            "/org/apache/commons/commons-rng", "/net/java/dev/jna/");
    private static final String SPARK_SUBMIT = """
            #!/usr/bin/env bash
            # what a Spark distribution's bin/spark-submit and bin/spark-class do: Spark's launcher prints the command
            # (a NUL and a newline, then each argument followed by a NUL), which then runs in place of this script
            export SPARK_HOME="$(cd "$(dirname "$0")/.." && pwd)"
            export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
            cmd=()
            while IFS= read -r -d '' arg; do cmd+=("$arg"); done < <(
              java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@" \\
                | tail -c +3)
            [ ${#cmd[@]} -gt 0 ] || { echo "Spark's launcher gave no command" >&2; exit 1; }
            exec "${cmd[@]}"
            """;
    private final Path home;

    /** Built from the Spark home submit/common.sh assembles (its jars are links into the Maven repository). */
    public SparkInstallation(Path projectRoot) throws IOException {
        Path assembled = Path.of(ChildProcess.bash(projectRoot, "source submit/common.sh && nd_assemble_spark_home",
                Duration.ofMinutes(5)).strip());
        home = Files.createTempDirectory("nd-spark-install");
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("bin"));
        try (Stream<Path> jars = Files.list(assembled.resolve("jars"))) {
            for (Path jar : jars.toList()) {
                Path target = jar.toRealPath();
                if (APPLICATION_LIBRARIES.stream().noneMatch(target.toString()::contains)) {
                    Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()), target);
                }
            }
        }
        Files.copy(projectRoot.resolve("conf/log4j2.properties"), home.resolve("conf/log4j2.properties"));
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5 stand-in: Spark's jars from the Maven build\n");
        Path submit = home.resolve("bin/spark-submit");
        Files.writeString(submit, SPARK_SUBMIT);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    public Path home() {
        return home;
    }

    public Path jars() {
        return home.resolve("jars");
    }

    /** Writes conf/spark-defaults.conf, the installation's cluster-wide settings, one "key value" a line. */
    public void defaults(String... lines) throws IOException {
        Files.writeString(home.resolve("conf/spark-defaults.conf"), String.join("\n", lines) + "\n");
    }

    /** Whether jars/ holds a jar whose name starts with {@code prefix}. */
    public boolean hasJar(String prefix) throws IOException {
        try (Stream<Path> jars = Files.list(home.resolve("jars"))) {
            return jars.anyMatch(j -> j.getFileName().toString().startsWith(prefix));
        }
    }

    @Override
    public void close() {
        LocalSpark.deleteRecursively(home); // the links only, never what they point at
    }
}
