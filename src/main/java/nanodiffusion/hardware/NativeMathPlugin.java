package nanodiffusion.hardware;

import org.apache.spark.SparkConf;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A Spark plugin that makes every executor choose its own OpenBLAS kernels ({@link BlasCore#prepare}) when it
 * starts, before any task loads ND4J: executors may run on other CPUs than the driver, so the choice is made on
 * each machine, not shipped from the driver. The driver chooses in the entry point.
 */
public final class NativeMathPlugin implements SparkPlugin {
    public static final String PLUGINS = "spark.plugins";

    /** Adds this plugin to {@code spark.plugins}, keeping any the user configured. */
    public static void register(SparkConf conf) {
        Set<String> plugins = new LinkedHashSet<>();
        if (conf.contains(PLUGINS)) {
            Arrays.stream(conf.get(PLUGINS).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(plugins::add);
        }
        plugins.add(NativeMathPlugin.class.getName());
        conf.set(PLUGINS, String.join(",", plugins));
    }

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                BlasCore.prepare();
            }
        };
    }
}
