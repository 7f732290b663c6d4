package nanodiffusion.train;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.TrainingNoise;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.List;
import java.util.stream.IntStream;

/** Shards drawn from a generator: the driver ships only worker ids, each worker draws its own ({@link WorkerShard}). */
public final class GeneratedRounds implements RoundData {
    private static final long serialVersionUID = 1L;

    private final transient JavaSparkContext sc;
    private final long seed;
    private final DataSource source;
    private final TrainingNoise noise;
    private final int workers;
    private final int shardSize;

    public GeneratedRounds(JavaSparkContext sc, long seed, DataSource source, TrainingNoise noise, int workers,
                           int shardSize) {
        this.sc = sc;
        this.seed = seed;
        this.source = source;
        this.noise = noise;
        this.workers = workers;
        this.shardSize = shardSize;
    }

    @Override
    public JavaRDD<WorkerShard> shards() {
        List<Integer> ids = IntStream.range(0, workers).boxed().toList();
        long seed = this.seed; // the closure captures values, not this (its SparkContext is driver-only)
        DataSource source = this.source;
        TrainingNoise noise = this.noise;
        int rows = shardSize;
        return sc.parallelize(ids, workers).map(w -> new WorkerShard(seed, source, 1, noise, w, rows));
    }
}
