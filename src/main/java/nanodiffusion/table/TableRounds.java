package nanodiffusion.table;

import nanodiffusion.data.TableShard;
import nanodiffusion.data.TrainingNoise;
import nanodiffusion.train.RoundData;
import nanodiffusion.train.WorkerShard;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shards drawn from the cached training table: worker w draws its examples of each step from its own partition's rows
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
    public JavaRDD<WorkerShard> shards() {
        return table.shards().mapPartitionsWithIndex(new ShardOfPartition(table.dim(), table.weights(), seed, noise,
                shardSize), true);
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("training_rows", table.trainingRows());
        m.put("rows_per_worker", table.counts());
        m.put("worker_weights", table.weights());
        return m;
    }

    /** On the executor holding worker w's partition: the worker's shard of the table, with its loss weight. */
    static final class ShardOfPartition implements Function2<Integer, Iterator<double[]>, Iterator<WorkerShard>> {
        private static final long serialVersionUID = 1L;
        private final int dim;
        private final double[] weights;
        private final long seed;
        private final TrainingNoise noise;
        private final int shardSize;

        ShardOfPartition(int dim, double[] weights, long seed, TrainingNoise noise, int shardSize) {
            this.dim = dim;
            this.weights = weights;
            this.seed = seed;
            this.noise = noise;
            this.shardSize = shardSize;
        }

        @Override
        public Iterator<WorkerShard> call(Integer worker, Iterator<double[]> partition) {
            TableShard rows = new TableShard(dim, partition.next(), weights[worker]);
            return List.of(new WorkerShard(seed, rows, rows.weight(), noise, worker, shardSize)).iterator();
        }
    }
}
