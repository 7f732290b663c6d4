package nanodiffusion.testing;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A local[2] Spark session bound to 127.0.0.1. Spark's own scratch folders (spark-*, blockmgr-*) are removed by
 * Spark itself on stop and at JVM exit; the warehouse folder lives in a temp folder removed on close.
 */
public final class LocalSpark implements AutoCloseable {
    private final Path scratch;
    private final SparkSession session;

    public LocalSpark() {
        scratch = tempFolder("nd-spark-test");
        session = SparkSession.builder()
                .master("local[2]")
                .appName("nano-diffusion-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toString())
                .getOrCreate();
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
        deleteRecursively(scratch);
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
