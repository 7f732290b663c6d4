package nanodiffusion.cluster;

import nanodiffusion.config.DataConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.WeightsKind;
import nanodiffusion.io.JsonFiles;
import nanodiffusion.io.RunLayout;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.TrainedWith;
import nanodiffusion.testing.CliSparkProperties;
import nanodiffusion.testing.LocalSpark;
import nanodiffusion.testing.MiniHdfs;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train + sample + evaluate with --out hdfs://... on an in-process HDFS, everything read back through HDFS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsOutputIT {
    private Path base;
    private MiniHdfs hdfs;
    private CliSparkProperties sparkProperties;

    @BeforeAll
    void startHdfs() throws IOException {
        base = Files.createTempDirectory("nd-hdfs");
        hdfs = new MiniHdfs(base);
        sparkProperties = new CliSparkProperties();
    }

    @AfterAll
    void stopHdfs() {
        sparkProperties.close();
        if (hdfs != null) {
            hdfs.close();
        }
        LocalSpark.deleteRecursively(base);
    }

    private int cli(String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var execute = Class.forName("nanodiffusion.cli.Main").getDeclaredMethod("execute", PrintStream.class, String[].class);
        execute.setAccessible(true);
        int status = (int) execute.invoke(null, new PrintStream(err, true, StandardCharsets.UTF_8), args);
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return status;
    }

    @Test
    void trainSampleAndEvaluateWriteToHdfsAndReadBack() throws Exception {
        String out = hdfs.uri("/runs/hdfs-test");
        String[] small = {"--set", "train.steps=100", "--set", "train.batchSize=1000", "--set", "sample.count=2000",
                "--set", "sample.batchSize=1000", "--set", "sample.partitions=2", "--set", "eval.directions=16"};
        cli(concat(new String[] {"train", "--out", out}, small));
        cli(concat(new String[] {"sample", "--out", out}, small));
        cli(concat(new String[] {"evaluate", "--out", out}, small));

        Storage storage = new Storage(new Configuration());
        RunLayout layout = RunLayout.of(out);
        ModelStore models = new ModelStore(storage);
        assertEquals(models.load(layout.model()).numParams(), models.load(layout.model(), WeightsKind.EMA,
                TrainedWith.of(ConfigLoader.loadLayered(ConfigFactory.empty(), List.of()))).numParams());
        assertTrue(storage.exists(layout.samplesCommitted()));
        ObjectNode metrics = new JsonFiles(storage).readObject(layout.metrics());
        assertEquals(2000, metrics.get("n_samples").asLong());
        ObjectNode run = new JsonFiles(storage).readObject(layout.runJson());
        assertTrue(run.has("train") && run.has("sample") && run.has("evaluate"));

        SparkSession spark = SparkSession.builder().getOrCreate();
        try {
            Dataset<Row> rows = spark.read().parquet(layout.samples().toString());
            assertEquals("struct<sample_id:bigint,x:double,y:double>", rows.schema().simpleString());
            assertEquals(2000, rows.count());
        } finally {
            spark.stop();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
