package nanodiffusion.sample;

import nanodiffusion.data.RandomStreams;
import nanodiffusion.config.TraceKind;
import nanodiffusion.data.DataSource;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.NetworkDivergence;
import nanodiffusion.sde.LogLikelihood;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

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
    private final BlockPoints source;
    private final ScoreParametrisation form;
    private final double tolerance;
    private final TraceKind trace;
    private final int probes;
    private final SamplePlan plan;
    private final org.apache.spark.util.LongAccumulator finished;

    /** The points of one block: drawn from a generator's stream, or given. */
    interface BlockPoints extends java.io.Serializable {
        double[] points(long block, int n);
    }

    /** Block b's points from the stream (seed, LIKELIHOOD_POINTS, b). */
    static BlockPoints generated(DataSource source, long seed) {
        return (block, n) -> source.sampler(RandomStreams.open(seed, RandomStreams.Domain.LIKELIHOOD_POINTS, block))
                .points(n, source.dim());
    }

    /** Block b's points: the b-th run of {@code blockSize} points of a broadcast interleaved array. */
    static BlockPoints given(Broadcast<double[]> points, int dim, int blockSize) {
        return (block, n) -> java.util.Arrays.copyOfRange(points.value(), (int) (block * blockSize * dim),
                (int) ((block * blockSize + n) * dim));
    }

    LikelihoodBlocks(Broadcast<byte[]> network, long seed, BlockPoints source, ScoreParametrisation form, double tolerance,
                     TraceKind trace, int probes, SamplePlan plan, org.apache.spark.util.LongAccumulator finished) {
        this.network = network;
        this.seed = seed;
        this.source = source;
        this.form = form;
        this.tolerance = tolerance;
        this.trace = trace;
        this.probes = probes;
        this.plan = plan;
        this.finished = finished;
    }

    @Override
    public Iterator<double[]> call(long[] blockRange) {
        MultiLayerNetwork trained = ModelStore.fromBytes(network.value());
        LogLikelihood likelihood = new LogLikelihood(form.sde(), tolerance);
        List<double[]> sums = new ArrayList<>();
        for (long block = blockRange[0]; block < blockRange[1]; block++) {
            int n = plan.blockSize(block);
            double[] xy = source.points(block, n);
            NetworkDivergence model = new NetworkDivergence(trained, form, trace, probes,
                    RandomStreams.open(seed, RandomStreams.Domain.LIKELIHOOD_PROBES, block)); // probes fixed per solve
            double[] logp = new double[n];
            long evaluations = likelihood.logDensity(xy, n, model, logp);
            double sum = 0;
            for (double v : logp) {
                sum += v;
            }
            sums.add(new double[] {sum, n, evaluations});
            finished.add(1); // the driver's stall watch sees it with the executor's next heartbeat
        }
        return sums.iterator();
    }
}
