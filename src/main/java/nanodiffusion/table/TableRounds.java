package nanodiffusion.table;

import nanodiffusion.data.NoisedBatch;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.TableShard;
import nanodiffusion.data.TrainingNoise;
import nanodiffusion.train.RoundBatches;
import nanodiffusion.train.RoundData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rounds drawn from the cached training table: worker w draws its shard of each step from its own partition's rows
 * (uniform with replacement, from the stream (seed, TRAIN, step, w)), with its loss weight, so no row crosses the
 * network during training.
 */
public final class TableRounds implements RoundData {
    private static final long serialVersionUID = 1L;

    private final transient TrainingTable table;
    private final long seed;
    private final TrainingNoise noise;
    private final int shardSize;

    public TableRounds(TrainingTable table, long seed, TrainingNoise noise, int shardSize) {
        this.table = table;
        this.seed = seed;
        this.noise = noise;
        this.shardSize = shardSize;
    }

    @Override
    public JavaRDD<DataSet> batches(long firstStep, int steps) {
        return table.shards().mapPartitionsWithIndex(new ShardBatches(table.dim(), table.weights(), seed, noise,
                firstStep, steps, shardSize), true);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("training_rows", table.trainingRows());
        m.put("rows_per_worker", table.counts());
        m.put("worker_weights", table.weights());
        return m;
    }

    /** On the executor holding worker w's partition: its shard of each step of the round. */
    static final class ShardBatches implements Function2<Integer, Iterator<double[]>, Iterator<DataSet>> {
        private static final long serialVersionUID = 1L;
        private final int dim;
        private final double[] weights;
        private final long seed;
        private final TrainingNoise noise;
        private final long firstStep;
        private final int steps;
        private final int shardSize;

        ShardBatches(int dim, double[] weights, long seed, TrainingNoise noise, long firstStep, int steps,
                     int shardSize) {
            this.dim = dim;
            this.weights = weights;
            this.seed = seed;
            this.noise = noise;
            this.firstStep = firstStep;
            this.steps = steps;
            this.shardSize = shardSize;
        }

        @Override
        public Iterator<DataSet> call(Integer worker, Iterator<double[]> partition) {
            TableShard shard = new TableShard(dim, partition.next(), weights[worker]);
            List<DataSet> batches = new ArrayList<>(steps);
            for (long step = firstStep; step < firstStep + steps; step++) {
                batches.add(RoundBatches.toDataSet(NoisedBatch.draw(shard, noise,
                        RandomStreams.open(seed, RandomStreams.Domain.TRAIN, step, worker), shardSize, shard.weight())));
            }
            return batches.iterator();
        }
    }
}
