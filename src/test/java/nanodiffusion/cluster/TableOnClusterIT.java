package nanodiffusion.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import nanodiffusion.testing.LocalSpark;
import nanodiffusion.testing.MiniHdfs;
import nanodiffusion.testing.StandaloneCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's table on a cluster: an in-process HDFS on 127.0.0.1, a standalone master and two worker JVMs; the
 * demo table is written into HDFS by a Spark job submitted to the cluster, then trained on, sampled and evaluated
 * against its held-out rows by another. With -Dnd.it.full=true the table has 1,000,000 rows and the run uses the
 * default recipe (the README's measurement); otherwise 60,000 rows and a few hundred steps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableOnClusterIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final boolean FULL = Boolean.getBoolean("nd.it.full");
    private Path base;
    private MiniHdfs hdfs;
    private StandaloneCluster cluster;

    @BeforeAll
    void start() throws IOException {
        base = Files.createTempDirectory("nd-table-cluster");
        hdfs = new MiniHdfs(base.resolve("hdfs"));
        cluster = new StandaloneCluster(PROJECT, 2, 1, "3g");
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (hdfs != null) {
            hdfs.close();
        }
        LocalSpark.deleteRecursively(base);
    }

    @Test
    void aTableInHdfsTrainsOnTwoExecutorsAndIsScoredAgainstItsHeldOutRows() throws Exception {
        String table = hdfs.uri("/tables/weather");
        long t0 = System.nanoTime();
        StandaloneClusterIT.Submitted written = StandaloneClusterIT.submit(cluster, "demo-table", "--out", table,
                "--rows", FULL ? "1000000" : "60000", "--partitions", "8");
        assertEquals(0, written.status(), written.output());
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        File run = base.resolve("run").toFile();
        List<String> args = new ArrayList<>(List.of("run", "--out", run.toString(), "--set", "data.source=table",
                "--set", "data.path=" + table));
        if (!FULL) {
            args.addAll(List.of("--set", "train.steps=200", "--set", "train.batchSize=2000", "--set", "train.logEvery=100",
                    "--set", "sample.count=4000", "--set", "sample.batchSize=1000", "--set", "eval.directions=32"));
        }
        long t1 = System.nanoTime();
        StandaloneClusterIT.Submitted s = StandaloneClusterIT.submit(cluster, args.toArray(String[]::new));
        double runSeconds = (System.nanoTime() - t1) / 1e9;
        assertEquals(0, s.status(), s.output());
        assertTrue(s.output().contains("on 2 workers"), "two task slots from two executors:\n" + s.output());
        JsonNode runJson = new ObjectMapper().readTree(new File(run, "run.json"));
        JsonNode tableInfo = runJson.get("train").get("table");
        long rows = FULL ? 1_000_000 : 60_000;
        assertEquals(rows, tableInfo.get("table_rows").asLong());
        // 90% of the rows train: binomial sd sqrt(rows 0.09), 5 of them
        assertEquals(0.9 * rows, tableInfo.get("training_rows").asDouble(), 5 * Math.sqrt(rows * 0.09));
        assertEquals(2, tableInfo.get("rows_per_worker").size());
        JsonNode metrics = new ObjectMapper().readTree(new File(run, "metrics.json"));
        for (String key : List.of("sliced_w1_ratio", "energy_distance_ratio", "coordinate_w1_max_ratio", "w1.pressure")) {
            assertTrue(metrics.has(key) && Double.isFinite(metrics.get(key).asDouble()), key + " in " + metrics);
        }
        // the table's law, as the sliced W1 to the held-out rows over what exact draws of the same size score.
        // Measured: this run 7.59 on the test cluster, the same in local[2] (200 steps are not yet as close as a
        // Gaussian with the table's moments, 5 to 6 at this size); with train.steps = 1 (an untrained network) 5504;
        // the full recipe on this cluster 0.76 (docs/quality.md). Below 25: 3x of room over the short run for another
        // CPU's rounding, and 200x below an untrained network
        double sliced = metrics.get("sliced_w1_ratio").asDouble();
        assertTrue(sliced < 25, "sliced W1 / floor " + sliced + " in " + metrics);
        System.out.printf("table on the cluster: write %.1f s, run %.1f s (train %.1f s, %.0f rows/s), metrics %s%n",
                writeSeconds, runSeconds, runJson.get("train").get("seconds").asDouble(),
                runJson.get("train").get("samples_per_second").asDouble(), metrics);
    }
}
