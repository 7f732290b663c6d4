package nanodiffusion.sample;

import nanodiffusion.stall.JobWatch;
import nanodiffusion.config.LogSnrBand;
import nanodiffusion.config.RunConfig;
import nanodiffusion.config.SampleConfig;
import nanodiffusion.data.Standardization;
import nanodiffusion.io.SampleManifest;
import nanodiffusion.io.SampleTable;
import nanodiffusion.io.Storage;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.NetworkScore;
import nanodiffusion.sde.Samplers;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.Optional;

/**
 * The distributed sampling job: blocks of sample ids over partitions, each drawn by the configured sampler, written
 * as Parquet ({@link SampleTable}: sample_id, x, y in 2D, sample_id, x0 .. x{d-1} otherwise).
 */
public final class SparkSampler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkSampler.class);
    private final SparkSession spark;
    private final RunConfig config;

    public SparkSampler(SparkSession spark, RunConfig config) {
        this.spark = spark;
        this.config = config;
    }

    public SamplePlan plan() {
        return new SamplePlan(config.sample().count(), config.sample().batchSize(), config.sample().partitions(),
                config.sampleSteps());
    }

    /**
     * What one sampling job did: its score evaluations per sample, averaged over the samples (a retried task may
     * count twice), and with {@code sample.schedule = profile} the band measured before it (what the steps used).
     */
    public record Sampled(double evaluationsPerSample, Optional<LogSnrBand> profileBand) {
    }

    /** Samples and writes Parquet files into {@code folder} (which must not exist yet). */
    public Sampled sampleTo(MultiLayerNetwork network, String folder) {
        return sampleTo(network, Optional.empty(), folder);
    }

    /** As above, mapping the samples back to the table's units when the model learned standardised columns. */
    public Sampled sampleTo(MultiLayerNetwork network, Optional<Standardization> standardization,
                           String folder) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SamplePlan plan = plan();
        Draw draw = draw(network, standardization);
        try {
            sc.setJobGroup("sample", String.format("sample ids 0-%d (%d blocks, %d reverse-SDE steps)",
                    plan.count() - 1, plan.blocks(), plan.steps()), false);
            long start = System.nanoTime();
            JobWatch.watched(spark.sparkContext(), "sample", "sampling block", draw.blocks(), config.stall(),
                    "the model is kept: run sample with the same --out again", () -> {
                        draw.rows().write().parquet(folder);
                        return null;
                    });
            long written = System.nanoTime();
            Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
            SampleManifest.of(spark, storage, new org.apache.hadoop.fs.Path(folder)).write(storage,
                    new org.apache.hadoop.fs.Path(folder)); // last: what evaluation verifies the folder against
            LOG.info("sampling job (sampling and writing Parquet) {} ms, manifest {} ms",
                    (written - start) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
            return new Sampled((double) draw.evaluations().value() / plan.count(), draw.profileBand());
        } finally {
            sc.clearJobGroup();
            try {
                draw.weights().destroy();
            } catch (RuntimeException e) { // Spark already stopped (e.g. out of memory): keep the job's own error
                LOG.warn("could not remove the network's broadcast ({})", e.toString());
            }
        }
    }

    /**
     * The samples as a lazy DataFrame (sample_id, coordinates; nothing runs until it is read), the broadcast network
     * its tasks read, the accumulator of their score evaluations, their count of finished blocks and the band
     * measured for {@code sample.schedule = profile} (empty for every other schedule).
     */
    public record Draw(Dataset<Row> rows, Broadcast<byte[]> weights, LongAccumulator evaluations,
                       LongAccumulator blocks, Optional<LogSnrBand> profileBand) {
    }

    /** The samples of {@link #plan()} as a lazy DataFrame, in the table's units when {@code standardization} is given. */
    public Draw draw(MultiLayerNetwork network, Optional<Standardization> standardization) {
        return draw(network, standardization, measuredBand(network));
    }

    /**
     * The band {@code sample.schedule = profile} places the steps in, measured on the driver from {@code network}'s
     * own samples (empty for every other schedule). It depends on the model, the seed and the sample.* settings other
     * than sample.count and sample.partitions, so a caller drawing again with those may keep it.
     */
    public Optional<LogSnrBand> measuredBand(MultiLayerNetwork network) {
        if (!Samplers.needsProfile(config.sample())) {
            return Optional.empty();
        }
        ScoreParametrisation form = ScoreParametrisation.of(config);
        return Optional.of(ProfilePilot.band(new NetworkScore(network, form), form.sde(), config));
    }

    /** As above, on the band {@link #measuredBand} gave for these settings (empty unless sample.schedule = profile). */
    public Draw draw(MultiLayerNetwork network, Optional<Standardization> standardization,
                     Optional<LogSnrBand> measured) {
        if (measured.isPresent() != Samplers.needsProfile(config.sample())) {
            throw new IllegalArgumentException("a measured band is for sample.schedule = profile only, which needs one"
                    + " (sample.schedule = " + config.sample().fewStep().schedule().configName() + ", sample.method = "
                    + config.sample().method().configName() + ", band " + measured.map(String::valueOf).orElse("none")
                    + ")");
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SamplePlan plan = plan();
        Broadcast<byte[]> weights = sc.broadcast(ModelStore.toBytes(network));
        LongAccumulator evaluations = sc.sc().longAccumulator("score evaluations");
        LongAccumulator blocks = sc.sc().longAccumulator("sampled blocks");
        ScoreParametrisation form = ScoreParametrisation.of(config);
        SampleConfig sampling = measured.map(config.sample()::withMeasuredBand).orElse(config.sample());
        JavaRDD<Row> rows = sc.parallelize(plan.partitionRanges(), plan.partitions())
                .flatMap(new SampleBlocks(weights, config.seed(), plan, sampling, form, standardization.orElse(null),
                        evaluations, blocks));
        return new Draw(spark.createDataFrame(rows, SampleTable.schema(SampleTable.columns(config.data()))), weights,
                evaluations, blocks, measured);
    }
}
