package nanodiffusion.testing;

import java.util.Map;

/**
 * System properties that make the CLI's own Spark sessions run in local[2] on 127.0.0.1 without a UI, for tests
 * that call the CLI in-process; {@link #close()} removes them again.
 */
public final class CliSparkProperties implements AutoCloseable {
    private static final Map<String, String> PROPERTIES = Map.of(
            "spark.master", "local[2]",
            "spark.ui.enabled", "false",
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1");

    public CliSparkProperties() {
        PROPERTIES.forEach(System::setProperty);
    }

    @Override
    public void close() {
        PROPERTIES.keySet().forEach(System::clearProperty);
    }
}
