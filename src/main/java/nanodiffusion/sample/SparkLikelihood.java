package nanodiffusion.sample;

import nanodiffusion.stall.JobWatch;
import org.apache.spark.util.LongAccumulator;
import nanodiffusion.config.RunConfig;
import nanodiffusion.data.DataSources;
import nanodiffusion.model.ModelStore;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import nanodiffusion.data.Standardization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/**
 * The distributed log-likelihood job: mean negative log-likelihood (nats) of eval.nllCount fresh true points under
 * the model, in fixed blocks of {@link #BLOCK} points spread over sample.partitions partitions.
 */
public final class SparkLikelihood {
    /** Points per adaptive ODE solve: the solver's step control couples the points of a block. */
    public static final int BLOCK = 1000;

    /** Mean NLL and the mean number of score evaluations per point. */
    public record Result(double nll, long points, double scoreEvaluationsPerPoint) {
    }

    private final JavaSparkContext sc;
    private final RunConfig config;

    public SparkLikelihood(JavaSparkContext sc, RunConfig config) {
        this.sc = sc;
        this.config = config;
    }

    /** Over eval.nllCount fresh points of the generator data.source names. */
    public Result negativeLogLikelihood(MultiLayerNetwork network) {
        return negativeLogLikelihood(network, config.eval().nllCount(),
                LikelihoodBlocks.generated(DataSources.of(config.data()), config.seed()), "true points");
    }

    /** Over the n given points (interleaved, the model's coordinates), e.g. a table's standardised held-out rows. */
    public Result negativeLogLikelihood(MultiLayerNetwork network, double[] points, int n) {
        Broadcast<double[]> shared = sc.broadcast(points);
        try {
            return negativeLogLikelihood(network, n, LikelihoodBlocks.given(shared, config.data().dim(), BLOCK),
                    "held-out rows");
        } finally {
            shared.destroy();
        }
    }

    /**
     * {@code rows} with a DOUBLE column {@code outputColumn} appended: each row's log-density (nats) under the model,
     * its point being the DOUBLE columns {@code coordinates} (in the table's units when {@code standardization} is
     * given), null where a coordinate is null, NaN or infinite. Lazy, as any DataFrame: the ODE runs when the result
     * is read.
     */
    public Dataset<Row> withLogLikelihood(Dataset<Row> rows, Column[] coordinates, String outputColumn,
                                          MultiLayerNetwork network, java.util.Optional<Standardization> standardization) {
        String point = "__nano_diffusion_point";
        Dataset<Row> withPoint = rows.withColumn(point, functions.array(coordinates));
        int pointColumn = java.util.Arrays.asList(withPoint.columns()).lastIndexOf(point);
        StructType schema = rows.schema().add(outputColumn, DataTypes.DoubleType, true,
                new org.apache.spark.sql.types.MetadataBuilder().putLong("dim", coordinates.length).build());
        Broadcast<byte[]> weights = sc.broadcast(ModelStore.toBytes(network)); // freed by Spark once unreferenced
        JavaRDD<Row> scored = withPoint.toJavaRDD().mapPartitions(new RowLikelihood(weights, config.seed(),
                ScoreParametrisation.of(config), config.eval(), config.data().dim(), standardization.orElse(null),
                pointColumn));
        return rows.sparkSession().createDataFrame(scored, schema);
    }

    private Result negativeLogLikelihood(MultiLayerNetwork network, long count, LikelihoodBlocks.BlockPoints points,
                                         String what) {
        SamplePlan plan = new SamplePlan(count, BLOCK,
                (int) Math.min(config.sample().partitions(), (count + BLOCK - 1) / BLOCK), 0);
        Broadcast<byte[]> weights = sc.broadcast(ModelStore.toBytes(network));
        try {
            sc.setJobGroup("likelihood", String.format("log-likelihood of %d %s", plan.count(), what), false);
            LongAccumulator finished = sc.sc().longAccumulator("likelihood blocks");
            JavaRDD<double[]> job = sc.parallelize(plan.partitionRanges(), plan.partitions())
                    .flatMap(new LikelihoodBlocks(weights, config.seed(), points, ScoreParametrisation.of(config),
                            config.eval().nllTolerance(), config.eval().traceFor(config.data().dim()),
                            config.eval().nllProbes(), plan, finished));
            List<double[]> blocks = JobWatch.watched(sc.sc(), "likelihood", "likelihood block", finished,
                    config.stall(), "nothing was written: run evaluate --likelihood with the same --out again",
                    job::collect);
            double sum = 0;
            double total = 0;
            double evaluations = 0;
            for (double[] b : blocks) {
                sum += b[0];
                total += b[1];
                evaluations += b[2] * b[1];
            }
            return new Result(-sum / total, (long) total, evaluations / total);
        } finally {
            sc.clearJobGroup();
            weights.destroy();
        }
    }
}
