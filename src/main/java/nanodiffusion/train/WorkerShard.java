package nanodiffusion.train;

import nanodiffusion.data.DataSource;
import nanodiffusion.data.NoisedBatch;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.TrainingNoise;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One training worker's share of every global step: its {@code rows} examples of step s are drawn from the stream
 * (seed, TRAIN, s, worker) out of {@code source} (a generator, or the worker's rows of the user's table), each
 * example's loss counting {@code weight} times. Built on the executor that trains the worker, so the driver ships
 * only the worker's id (or, for a table, nothing: the rows are already in the worker's cached partition).
 */
public record WorkerShard(long seed, DataSource source, double weight, TrainingNoise noise, int worker, int rows)
        implements java.io.Serializable {

    /** The worker's examples of global step {@code step}. */
    public DataSet batch(long step) {
        return toDataSet(NoisedBatch.draw(source, noise, RandomStreams.open(seed, RandomStreams.Domain.TRAIN, step,
                worker), rows, weight));
    }

    /** The worker's examples of steps firstStep .. firstStep + steps - 1, in step order. */
    public Iterator<DataSet> batches(long firstStep, int steps) {
        List<DataSet> batches = new ArrayList<>(steps);
        for (long step = firstStep; step < firstStep + steps; step++) {
            batches.add(batch(step));
        }
        return batches.iterator();
    }

    /** A batch as a DL4J DataSet: features [n, d + 1], labels [n, d + 1] (sliced score matching: [n, M d + 2]). */
    public static DataSet toDataSet(NoisedBatch b) {
        return new DataSet(Nd4j.create(b.features(), new long[] {b.size(), b.columns()}, 'c'),
                Nd4j.create(b.targets(), new long[] {b.size(), b.targetColumns()}, 'c'));
    }
}
