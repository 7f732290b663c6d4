package nanodiffusion.testing;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A local[2] Spark session bound to 127.0.0.1 with its scratch space in a temp folder removed on close. */
public final class LocalSpark implements AutoCloseable {
    private final Path scratch;
    private final SparkSession session;

    public LocalSpark() {
        try {
            scratch = Files.createTempDirectory("nd-spark-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        session = SparkSession.builder()
                .master("local[2]")
                .appName("nano-diffusion-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.local.dir", scratch.toString())
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

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
