package nanodiffusion.train;

import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Where a training round's minibatches come from: an RDD with one partition per worker, holding that worker's shard
 * of each of the round's steps, in step order. Implementations draw on the executors; the driver ships no data.
 */
public interface RoundData extends java.io.Serializable {
    JavaRDD<DataSet> batches(long firstStep, int steps);

    /** What run.json and the log say about the data (rows, partitions, ...). */
    default java.util.Map<String, Object> describe() {
        return java.util.Map.of();
    }
}
