package nanodiffusion.sample;

import nanodiffusion.config.RunConfig;
import nanodiffusion.data.DataSources;
import nanodiffusion.model.ModelStore;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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

    public Result negativeLogLikelihood(MultiLayerNetwork network) {
        SamplePlan plan = new SamplePlan(config.eval().nllCount(), BLOCK,
                (int) Math.min(config.sample().partitions(), (config.eval().nllCount() + BLOCK - 1) / BLOCK), 0);
        Broadcast<byte[]> weights = sc.broadcast(ModelStore.toBytes(network));
        try {
            sc.setJobGroup("likelihood", String.format("log-likelihood of %d true points", plan.count()), false);
            List<double[]> blocks = sc.parallelize(plan.partitionRanges(), plan.partitions())
                    .flatMap(new LikelihoodBlocks(weights, config.seed(), DataSources.of(config.data()),
                            ScoreParametrisation.of(config), config.eval().nllTolerance(),
                            config.eval().traceFor(config.data().dim()), config.eval().nllProbes(), plan))
                    .collect();
            double sum = 0;
            double points = 0;
            double evaluations = 0;
            for (double[] b : blocks) {
                sum += b[0];
                points += b[1];
                evaluations += b[2] * b[1];
            }
            return new Result(-sum / points, (long) points, evaluations / points);
        } finally {
            sc.clearJobGroup();
            weights.destroy();
        }
    }
}
