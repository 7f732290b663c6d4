package nanodiffusion.sample;

import nanodiffusion.data.PerSampleNoise;
import nanodiffusion.model.ModelStore;
import nanodiffusion.model.NetworkScore;
import nanodiffusion.sde.ReverseSdeSampler;
import nanodiffusion.sde.VpSchedule;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on an executor for one partition's blocks [firstBlock, endBlock): each block of ids is integrated from x_T
 * with the broadcast network and per-sample noise streams, and emitted as rows (sample_id, x, y).
 */
final class SampleBlocks implements FlatMapFunction<long[], Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SampleBlocks.class);

    private final Broadcast<byte[]> network;
    private final long seed;
    private final SamplePlan plan;
    private final VpSchedule schedule;

    SampleBlocks(Broadcast<byte[]> network, long seed, SamplePlan plan, VpSchedule schedule) {
        this.network = network;
        this.seed = seed;
        this.plan = plan;
        this.schedule = schedule;
    }

    @Override
    public Iterator<Row> call(long[] blockRange) {
        NetworkScore score = new NetworkScore(ModelStore.fromBytes(network.value()));
        ReverseSdeSampler sampler = new ReverseSdeSampler(schedule, plan.steps());
        List<Row> rows = new ArrayList<>();
        for (long block = blockRange[0]; block < blockRange[1]; block++) {
            long first = plan.firstId(block);
            int n = plan.blockSize(block);
            PerSampleNoise noise = new PerSampleNoise(seed, first, n);
            double[] xy = new double[2 * n];
            noise.fill(xy, n); // x_T ~ N(0, I), the first draw of each sample's stream
            sampler.integrate(xy, n, score, noise);
            for (int i = 0; i < n; i++) {
                rows.add(RowFactory.create(first + i, xy[2 * i], xy[2 * i + 1]));
            }
            LOG.info("sampled ids {}-{} (block {} of {})", first, first + n - 1, block + 1, plan.blocks());
        }
        return rows.iterator();
    }
}
