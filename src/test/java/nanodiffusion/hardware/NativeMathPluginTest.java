package nanodiffusion.hardware;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NativeMathPluginTest {
    @Test
    void registeringKeepsTheUsersPluginsAndAddsItselfOnce() {
        SparkConf conf = new SparkConf(false).set("spark.plugins", "com.example.Metrics, ");
        NativeMathPlugin.register(conf);
        NativeMathPlugin.register(conf);
        assertEquals("com.example.Metrics,nanodiffusion.hardware.NativeMathPlugin", conf.get("spark.plugins"));
        SparkConf empty = new SparkConf(false);
        NativeMathPlugin.register(empty);
        assertEquals("nanodiffusion.hardware.NativeMathPlugin", empty.get("spark.plugins"));
    }
}
