package nanodiffusion.train;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.TrainingNoise;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;
import java.util.stream.IntStream;

/** Rounds drawn from a generator: the driver ships only worker ids, each worker draws its shard ({@link RoundBatches}). */
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
    public JavaRDD<DataSet> batches(long firstStep, int steps) {
        List<Integer> ids = IntStream.range(0, workers).boxed().toList();
        return sc.parallelize(ids, workers).flatMap(new RoundBatches(seed, source, noise, firstStep, steps, shardSize));
    }
}
