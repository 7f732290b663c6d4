package nanodiffusion.sample;

import nanodiffusion.config.SampleConfig;
import nanodiffusion.data.PerSampleNoise;
import nanodiffusion.data.Standardization;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.NetworkScore;
import nanodiffusion.sde.Sampler;
import nanodiffusion.sde.Samplers;
import nanodiffusion.sde.ScoreParametrisation;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on an executor for one partition's blocks [firstBlock, endBlock): each block of ids is carried from x_T
 * to t = 0 by the configured sampler with the broadcast network and per-sample noise streams, and emitted as rows
 * (sample_id, coordinates). Score evaluations (per sample, summed over samples) and finished blocks are added to
 * accumulators.
 */
final class SampleBlocks implements FlatMapFunction<long[], Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SampleBlocks.class);

    private final Broadcast<byte[]> network;
    private final long seed;
    private final SamplePlan plan;
    private final SampleConfig sampling;
    private final ScoreParametrisation form;
    private final Standardization standardization; // null: the samples are the model's own coordinates
    private final LongAccumulator scoreEvaluations;
    private final LongAccumulator blocks;

    SampleBlocks(Broadcast<byte[]> network, long seed, SamplePlan plan, SampleConfig sampling, ScoreParametrisation form,
                 Standardization standardization, LongAccumulator scoreEvaluations,
                 LongAccumulator blocks) {
        this.standardization = standardization;
        this.network = network;
        this.seed = seed;
        this.plan = plan;
        this.sampling = sampling;
        this.form = form;
        this.scoreEvaluations = scoreEvaluations;
        this.blocks = blocks;
    }

    @Override
    public Iterator<Row> call(long[] blockRange) {
        long start = System.nanoTime();
        NetworkScore score = new NetworkScore(ModelStore.fromBytes(network.value()), form);
        Sampler sampler = Samplers.of(sampling, form.sde(), plan.steps());
        LOG.info("task for blocks {}-{}: network restored in {} ms", blockRange[0] + 1, blockRange[1],
                (System.nanoTime() - start) / 1_000_000);
        long[] block = {blockRange[0]}; // one block at a time, whatever the task's share of the count
        return BlockByBlock.of(() -> block[0] < blockRange[1], () -> sampleBlock(block[0]++, score, sampler, start));
    }

    /** The rows of one block of ids, carried from x_T to t = 0. */
    private Iterator<Row> sampleBlock(long block, NetworkScore score, Sampler sampler, long start) {
        long first = plan.firstId(block);
        int n = plan.blockSize(block);
        int dim = score.dim();
        PerSampleNoise noise = new PerSampleNoise(seed, first, n, dim);
        double[] x = new double[dim * n];
        form.sde().drawPrior(x, n, dim, noise); // x_T from the prior, the first draw of each sample's stream
        scoreEvaluations.add(sampler.integrate(x, n, score, noise) * n);
        if (standardization != null) {
            standardization.restore(x); // back to the table's units
        }
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Object[] row = new Object[dim + 1];
            row[0] = first + i;
            for (int c = 0; c < dim; c++) {
                row[c + 1] = x[dim * i + c];
            }
            rows.add(RowFactory.create(row));
        }
        blocks.add(1); // the driver's stall watch sees it with the executor's next heartbeat
        LOG.info("sampled ids {}-{} (block {} of {}) at {} ms", first, first + n - 1, block + 1, plan.blocks(),
                (System.nanoTime() - start) / 1_000_000);
        return rows.iterator();
    }
}
