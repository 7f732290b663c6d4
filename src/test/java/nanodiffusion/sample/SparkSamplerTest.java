package nanodiffusion.sample;

import nanodiffusion.config.ConfigLoader;
import nanodiffusion.config.RunConfig;
import nanodiffusion.io.SampleTable;
import nanodiffusion.model.ScoreNetworkFactory;
import nanodiffusion.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSamplerTest {
    private LocalSpark spark;
    private MultiLayerNetwork network;

    @BeforeAll
    void start() {
        spark = new LocalSpark();
        network = ScoreNetworkFactory.create(ConfigLoader.load(null, List.of()).model(), 2, new Adam(1e-3), 5);
    }

    @AfterAll
    void stop() {
        spark.close();
    }

    private Dataset<Row> sample(File dir, String name, int partitions) {
        RunConfig c = ConfigLoader.load(null, List.of("sample.count=3000", "sample.batchSize=500",
                "sample.partitions=" + partitions, "sample.dt=0.02"));
        String folder = new File(dir, name).toURI().toString();
        new SparkSampler(spark.session(), c).sampleTo(network, folder);
        return spark.session().read().parquet(folder);
    }

    @Test
    void writesOneRowPerSampleWithTheDocumentedSchema(@TempDir File dir) {
        Dataset<Row> rows = sample(dir, "samples", 2);
        assertEquals(SampleTable.schema(2).simpleString(), rows.schema().simpleString());
        assertEquals("struct<sample_id:bigint,x:double,y:double>", rows.schema().simpleString());
        assertEquals(3000, rows.count());
        assertEquals(3000, rows.select("sample_id").distinct().count());
        Row range = rows.agg(org.apache.spark.sql.functions.min("sample_id"),
                org.apache.spark.sql.functions.max("sample_id")).first();
        assertEquals(0L, range.getLong(0));
        assertEquals(2999L, range.getLong(1));
        assertTrue(new File(dir, "samples/_SUCCESS").isFile(), "Spark's commit marker");
        assertEquals(2, new File(dir, "samples").list((d, n) -> n.endsWith(".parquet")).length);
    }

    @Test
    void theTasksCountEachSampledBlockForTheStallWatch(@TempDir File dir) {
        RunConfig c = ConfigLoader.load(null, List.of("sample.count=3000", "sample.batchSize=500",
                "sample.partitions=2", "sample.dt=0.02"));
        SparkSampler sampler = new SparkSampler(spark.session(), c);
        SparkSampler.Draw draw = sampler.draw(network, java.util.Optional.empty());
        draw.rows().write().parquet(new File(dir, "counted").toURI().toString());
        // the counter the driver's JobWatch reads through heartbeats and task ends: one per block of 500 ids
        assertEquals(sampler.plan().blocks(), draw.blocks().value());
        assertEquals(6L, draw.blocks().value());
    }

    @Test
    void sameSeedGivesTheSameSamplesWhateverThePartitionCount(@TempDir File dir) {
        List<Row> one = sample(dir, "one", 1).orderBy("sample_id").collectAsList();
        List<Row> three = sample(dir, "three", 3).orderBy("sample_id").collectAsList();
        // blocks of ids are fixed by sample.batchSize alone, so each block sees identical arithmetic: exact equality
        assertEquals(one, three);
    }

    private List<Row> fewStep(File dir, String name, int partitions, String schedule) {
        String folder = new File(dir, name).toURI().toString();
        fewStepTo(folder, partitions, schedule);
        return spark.session().read().parquet(folder).orderBy("sample_id").collectAsList();
    }

    private SparkSampler.Sampled fewStepTo(String folder, int partitions, String schedule) {
        RunConfig c = ConfigLoader.load(null, List.of("sample.count=3000", "sample.batchSize=500",
                "sample.partitions=" + partitions, "sample.method=sde-dpm-solver++", "sample.steps=20",
                "sample.schedule=" + schedule));
        return new SparkSampler(spark.session(), c).sampleTo(network, folder);
    }

    @Test
    void theProfileScheduleReportsTheBandItMeasuredAndNoOtherScheduleReportsOne(@TempDir File dir) {
        SparkSampler.Sampled profile = fewStepTo(new File(dir, "profile").toURI().toString(), 1, "profile");
        SparkSampler.Sampled handSet = fewStepTo(new File(dir, "band").toURI().toString(), 1, "log-snr-band");
        assertTrue(handSet.profileBand().isEmpty(), "the hand-set band is in the settings already");
        var band = profile.profileBand().orElseThrow();
        // the band lies inside the sampled log-SNR range (T = 1 to sample.tMin = 1e-4: -5.03 to 5.75) and keeps
        // the configured density
        assertTrue(band.from() < band.to() && band.from() >= -5.03 && band.to() <= 5.76, band.toString());
        assertEquals(3.0, band.density(), 0.0);
        assertEquals(20.0, profile.evaluationsPerSample(), 0.0, "sample.steps, the denoising step among them");
    }

    @Test
    void aMeasuredBandIsRefusedByAnotherScheduleAndTheProfileScheduleRefusesToGoWithoutOne() {
        nanodiffusion.config.LogSnrBand band = new nanodiffusion.config.LogSnrBand(1, 4, 2);
        RunConfig bandSchedule = ConfigLoader.load(null, List.of("sample.method=sde-dpm-solver++",
                "sample.schedule=log-snr-band"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkSampler(
                spark.session(), bandSchedule).draw(network, java.util.Optional.empty(), java.util.Optional.of(band)));
        assertTrue(e.getMessage().contains("sample.schedule = log-snr-band"), e.getMessage());
        RunConfig profileSchedule = ConfigLoader.load(null, List.of("sample.method=sde-dpm-solver++",
                "sample.schedule=profile"));
        e = assertThrows(IllegalArgumentException.class, () -> new SparkSampler(spark.session(), profileSchedule)
                .draw(network, java.util.Optional.empty(), java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("band none"), e.getMessage());
    }

    @Test
    void theProfileScheduleIsMeasuredOnceSoThePartitionCountDoesNotChangeTheSamples(@TempDir File dir) {
        List<Row> one = fewStep(dir, "one", 1, "profile");
        assertEquals(one, fewStep(dir, "three", 3, "profile"), "the band the driver measured, the same in every task");
        List<Row> handSet = fewStep(dir, "band", 1, "log-snr-band");
        assertEquals(3000, one.size());
        assertTrue(!one.get(0).equals(handSet.get(0)), "the measured band is not the hand-set one: "
                + one.get(0) + " " + handSet.get(0));
    }

    @Test
    void writesOneDoubleColumnPerCoordinateInThreeDimensionsAndReadsThemBack(@TempDir File dir) {
        RunConfig c = ConfigLoader.load(null, List.of("sample.count=1000", "sample.batchSize=500",
                "sample.partitions=2", "sample.dt=0.02", "data.dim=3"));
        MultiLayerNetwork net3 = ScoreNetworkFactory.create(c.model(), 3, new Adam(1e-3), 5);
        String folder = new File(dir, "samples3").toURI().toString();
        new SparkSampler(spark.session(), c).sampleTo(net3, folder);
        Dataset<Row> rows = spark.session().read().parquet(folder);
        assertEquals("struct<sample_id:bigint,x0:double,x1:double,x2:double>", rows.schema().simpleString());
        nanodiffusion.eval.PointCloud back = SampleTable.read(spark.session(), folder, 3);
        assertEquals(3, back.dim());
        assertEquals(1000, back.size());
        Row first = rows.orderBy("sample_id").first();
        assertEquals(first.getDouble(1), back.x()[0], 0.0);
        assertEquals(first.getDouble(3), back.coordinate(2)[0], 0.0);
        Exception wrongDim = org.junit.jupiter.api.Assertions.assertThrows(nanodiffusion.io.Storage.StorageError.class,
                () -> SampleTable.read(spark.session(), folder, 2));
        assertTrue(wrongDim.getMessage().contains("not the 2-dimensional sample_id, x, y that data.dim = 2 reads"),
                wrongDim.getMessage());
    }
}
