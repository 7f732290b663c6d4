package nanodiffusion.train;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Where training draws from: an RDD with one partition per worker holding that worker's {@link WorkerShard}, built
 * on the executors (the driver ships no data).
 */
public interface RoundData extends java.io.Serializable {
    /** One partition per worker, one shard in each, in worker order. */
    JavaRDD<WorkerShard> shards();

    /** A round's minibatches: per worker partition, its shard of steps firstStep .. firstStep + steps - 1. */
    default JavaRDD<DataSet> batches(long firstStep, int steps) {
        return shards().flatMap(shard -> shard.batches(firstStep, steps));
    }

    /** What run.json and the log say about the data (rows, partitions, ...). */
    default java.util.Map<String, Object> describe() {
        return java.util.Map.of();
    }
}
