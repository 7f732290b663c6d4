package nanodiffusion.train;

import nanodiffusion.data.NoisedBatch;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.DataSource;
import nanodiffusion.data.TrainingNoise;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on the executor that trains worker w: draws that worker's shard of global steps
 * firstStep .. firstStep + steps - 1, each from its own stream (seed, TRAIN, step, w). The driver ships only w.
 */
public final class RoundBatches implements FlatMapFunction<Integer, DataSet> {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final DataSource source;
    private final TrainingNoise noise;
    private final long firstStep;
    private final int steps;
    private final int shardSize;

    RoundBatches(long seed, DataSource source, TrainingNoise noise, long firstStep, int steps, int shardSize) {
        this.seed = seed;
        this.source = source;
        this.noise = noise;
        this.firstStep = firstStep;
        this.steps = steps;
        this.shardSize = shardSize;
    }

    @Override
    public Iterator<DataSet> call(Integer worker) {
        List<DataSet> batches = new ArrayList<>(steps);
        for (long step = firstStep; step < firstStep + steps; step++) {
            NoisedBatch b = NoisedBatch.draw(source, noise,
                    RandomStreams.open(seed, RandomStreams.Domain.TRAIN, step, worker), shardSize, 1);
            batches.add(toDataSet(b));
        }
        return batches.iterator();
    }

    /** A batch as a DL4J DataSet: features [n, d + 1], labels [n, d + 1]. */
    public static DataSet toDataSet(NoisedBatch b) {
        return new DataSet(Nd4j.create(b.features(), new long[] {b.size(), b.columns()}, 'c'),
                Nd4j.create(b.targets(), new long[] {b.size(), b.columns()}, 'c'));
    }
}
