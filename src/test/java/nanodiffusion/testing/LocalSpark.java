package nanodiffusion.testing;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A local[2] Spark session bound to 127.0.0.1, all its files in a temp folder removed on close: the warehouse and
 * Spark's own scratch (spark.local.dir: the spark-* folders, which Spark would otherwise put in java.io.tmpdir and
 * leave to a shutdown hook that does not always run - a MiniYARN test's JVM left an empty /tmp/spark-* behind).
 */
public final class LocalSpark implements AutoCloseable {
    private final Path scratch;
    private final SparkSession session;

    public LocalSpark() {
        this(Map.of());
    }

    /** With further Spark properties ({@code extra}), set after this class's own. */
    public LocalSpark(Map<String, String> extra) {
        scratch = tempFolder("nd-spark-test");
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[2]")
                .appName("nano-diffusion-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toString())
                .config("spark.local.dir", scratch.resolve("local").toString());
        extra.forEach(builder::config);
        session = builder.getOrCreate();
    }

    public SparkSession session() {
        return session;
    }

    public JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(session.sparkContext());
    }

    @Override
    public void close() {
        session.stop();
        forgetScratchRoots();
        deleteRecursively(scratch);
    }

    /**
     * Spark caches its scratch root folders (spark.local.dir) per JVM on first use: after a session whose scratch
     * folder is deleted, a later session in the same JVM would recreate spark-* folders inside it.
     */
    public static void forgetScratchRoots() {
        org.apache.spark.util.Utils$.MODULE$.clearLocalRootDirs();
    }

    /** Deletes a folder tree; retried because Spark may still be removing its own files inside it. */
    public static void deleteRecursively(Path root) {
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | java.io.UncheckedIOException e) {
                // a file vanished while walking: walk again
            }
        }
        if (Files.exists(root)) {
            throw new IllegalStateException("could not delete " + root);
        }
    }

    public static Path tempFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
