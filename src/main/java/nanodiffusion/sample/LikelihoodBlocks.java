package nanodiffusion.sample;

import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.DataSource;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.NetworkDivergence;
import nanodiffusion.sde.LogLikelihood;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on an executor for one partition's blocks of true points: draws each block from its own stream, integrates
 * the log-density ODE and emits (sum of log p, points, score evaluations) per block.
 */
final class LikelihoodBlocks implements FlatMapFunction<long[], double[]> {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> network;
    private final long seed;
    private final DataSource source;
    private final ScoreParametrisation form;
    private final double tolerance;
    private final SamplePlan plan;

    LikelihoodBlocks(Broadcast<byte[]> network, long seed, DataSource source, ScoreParametrisation form, double tolerance,
                     SamplePlan plan) {
        this.network = network;
        this.seed = seed;
        this.source = source;
        this.form = form;
        this.tolerance = tolerance;
        this.plan = plan;
    }

    @Override
    public Iterator<double[]> call(long[] blockRange) {
        NetworkDivergence model = new NetworkDivergence(ModelStore.fromBytes(network.value()), form);
        LogLikelihood likelihood = new LogLikelihood(form.schedule(), tolerance);
        List<double[]> sums = new ArrayList<>();
        for (long block = blockRange[0]; block < blockRange[1]; block++) {
            int n = plan.blockSize(block);
            double[] xy = source.sampler(RandomStreams.open(seed, RandomStreams.Domain.LIKELIHOOD_POINTS, block))
                    .points(n, source.dim());
            double[] logp = new double[n];
            long evaluations = likelihood.logDensity(xy, n, model, logp);
            double sum = 0;
            for (double v : logp) {
                sum += v;
            }
            sums.add(new double[] {sum, n, evaluations});
        }
        return sums.iterator();
    }
}
