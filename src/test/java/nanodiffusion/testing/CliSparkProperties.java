package nanodiffusion.testing;

import java.nio.file.Path;
import java.util.Map;

/**
 * System properties that make the CLI's own Spark sessions run in local[2] on 127.0.0.1 without a UI, with their
 * scratch folders (spark.local.dir) in a temp folder of this object, for tests that call the CLI in-process;
 * {@link #close()} removes the properties and the folder.
 */
public final class CliSparkProperties implements AutoCloseable {
    private final Path scratch = LocalSpark.tempFolder("nd-cli-spark");
    private final Map<String, String> properties = Map.of(
            "spark.master", "local[2]",
            "spark.ui.enabled", "false",
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1",
            "spark.local.dir", scratch.toString());

    /** Below the priority (40) of Spark's own temp-dir hook, so it runs after Spark has finished with the folder. */
    private static final int AFTER_SPARK = 1;

    public CliSparkProperties() {
        properties.forEach(System::setProperty);
        // Spark creates and removes spark-* folders in spark.local.dir from its own shutdown hook as well; delete the
        // folder once more when the JVM exits, after that hook
        org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(() -> LocalSpark.deleteRecursively(scratch),
                AFTER_SPARK);
    }

    @Override
    public void close() {
        properties.keySet().forEach(System::clearProperty);
        LocalSpark.forgetScratchRoots(); // another test class's session must not reuse the deleted scratch
        LocalSpark.deleteRecursively(scratch);
    }
}
