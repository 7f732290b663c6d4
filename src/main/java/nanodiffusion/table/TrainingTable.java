package nanodiffusion.table;

import nanodiffusion.data.ColumnMoments;
import nanodiffusion.data.RandomStreams;
import nanodiffusion.data.RowHash;
import nanodiffusion.data.Standardization;
import nanodiffusion.data.TableShard;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The training rows of the user's table on the executors: the rows not held out ({@link RowHash}), their per-column
 * moments (one Spark aggregate), and one packed, standardised shard per training worker, cached (memory and disk)
 * for the whole run. Rows go to worker (mixed row key) mod workers and are sorted by key within it, so a worker's
 * rows depend on the table's content, the seed and the worker count only, not on its files or partitions. The
 * driver receives moments and row counts, never rows.
 */
public final class TrainingTable implements AutoCloseable {
    private final int dim;
    private final Standardization standardization;
    private final JavaRDD<double[]> shards;
    private final long[] counts;

    private TrainingTable(int dim, Standardization standardization, JavaRDD<double[]> shards, long[] counts) {
        this.dim = dim;
        this.standardization = standardization;
        this.shards = shards;
        this.counts = counts;
    }

    /**
     * @param shardRows rows one worker draws per step (train.batchSize / workers): the table must hold at least
     *                  that many training rows
     */
    public static TrainingTable prepare(UserTable table, long seed, int workers, int shardRows) {
        int dim = table.dim();
        double holdout = table.config().holdout();
        JavaPairRDD<Long, double[]> training = table.values() // keyed once: the split and the partitioning use it
                .mapToPair(v -> new Tuple2<>(RowHash.key(v, 0, v.length), v))
                .filter(row -> !RowHash.heldOut(row._1(), seed, holdout));
        // each partition's moments, merged on the driver in partition order: Spark's aggregate merges them in the
        // order its tasks finish, which moved the last bits of the standardisation from one run to the next
        java.util.List<ColumnMoments> parts = training.values().mapPartitions(rows -> {
            ColumnMoments m = new ColumnMoments(dim);
            while (rows.hasNext()) {
                m = m.add(rows.next(), 0);
            }
            return java.util.List.of(m).iterator();
        }).collect();
        ColumnMoments moments = new ColumnMoments(dim);
        for (ColumnMoments part : parts) {
            moments = moments.merge(part);
        }
        String path = table.config().path();
        if (moments.count() < shardRows) {
            throw new BadTable("data.path = " + path + ": " + moments.count() + " training rows (of " + table.rows()
                    + ", data.holdout = " + holdout + " held out), fewer than one worker's shard of " + shardRows
                    + " rows per step (train.batchSize / train.workers); lower train.batchSize or add rows");
        }
        Standardization standardization = table.config().standardize() ? standardization(table, moments)
                : Standardization.identity(dim);
        JavaRDD<double[]> shards = pack(training, seed, workers, standardization);
        shards.persist(StorageLevel.MEMORY_AND_DISK());
        List<Long> sizes = shards.map(rows -> (long) (rows.length / dim)).collect();
        long[] counts = sizes.stream().mapToLong(Long::longValue).toArray();
        if (Arrays.stream(counts).anyMatch(c -> c == 0)) {
            shards.unpersist(false);
            throw new BadTable("data.path = " + path + ": " + moments.count() + " training rows leave a worker without "
                    + "rows (" + Arrays.toString(counts) + " per worker); lower train.workers or add rows");
        }
        return new TrainingTable(dim, standardization, shards, counts);
    }

    private static Standardization standardization(UserTable table, ColumnMoments moments) {
        double[] mean = new double[table.dim()];
        double[] std = new double[table.dim()];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = moments.mean(c);
            std[c] = moments.std(c);
            if (!(std[c] > 0)) {
                throw new BadTable("data.columns: column " + table.columns().get(c) + " of " + table.config().path()
                        + " is constant on the training rows (std 0); leave it out of data.columns or set "
                        + "data.standardize = false");
            }
        }
        return new Standardization(mean, std);
    }

    /** One partition per worker, its rows sorted by key, standardised and packed into one array. */
    private static JavaRDD<double[]> pack(JavaPairRDD<Long, double[]> keyed, long seed, int workers,
                                          Standardization standardization) {
        return keyed.partitionBy(new WorkerPartitioner(workers, seed)).mapPartitions(rows -> {
            List<Tuple2<Long, double[]>> list = new ArrayList<>();
            rows.forEachRemaining(list::add);
            list.sort(Comparator.<Tuple2<Long, double[]>>comparingLong(Tuple2::_1)
                    .thenComparing(Tuple2::_2, Arrays::compare));
            int d = standardization.dim();
            double[] packed = new double[list.size() * d];
            for (int i = 0; i < list.size(); i++) {
                System.arraycopy(list.get(i)._2(), 0, packed, d * i, d);
            }
            standardization.standardize(packed);
            return List.of(packed).iterator();
        }, true);
    }

    /** Worker of a row: its key, mixed with the seed, mod the worker count. */
    static final class WorkerPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int workers;
        private final long seed;

        WorkerPartitioner(int workers, long seed) {
            this.workers = workers;
            this.seed = seed;
        }

        @Override
        public int numPartitions() {
            return workers;
        }

        @Override
        public int getPartition(Object key) {
            return (int) (RowHash.uniform((Long) key, seed, RandomStreams.Domain.TABLE_PARTITION) * workers);
        }
    }

    public int dim() {
        return dim;
    }

    public Standardization standardization() {
        return standardization;
    }

    /** Training rows per worker. */
    public long[] counts() {
        return counts.clone();
    }

    public long trainingRows() {
        return Arrays.stream(counts).sum();
    }

    /** Each worker's loss weight workers n_w / N, which makes the per-worker uniform draws one of the whole table. */
    public double[] weights() {
        return TableShard.weights(counts);
    }

    /** The cached packed shards, one partition (one array) per worker. */
    JavaRDD<double[]> shards() {
        return shards;
    }

    @Override
    public void close() {
        shards.unpersist(false);
    }
}
