package nanodiffusion.data;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * One training worker's rows of the user's table, standardised and packed row-major ({@code dim} values per row),
 * drawn uniformly with replacement. With partitions of unequal size, a uniform draw within each would favour the
 * rows of small partitions; {@link #weight} = workers n_w / N corrects that: each example's loss is multiplied by
 * it, so the expected gradient of a global batch is the whole table's, sum_w (n_w / N) E_w[grad l].
 */
public record TableShard(int dim, double[] rows, double weight) implements DataSource {
    private static final long serialVersionUID = 1L;

    public TableShard {
        if (rows.length == 0 || rows.length % dim != 0) {
            throw new IllegalArgumentException("a shard needs a whole, non-zero number of rows of " + dim + " values");
        }
    }

    /** The loss weights of shards of {@code counts} rows: workers n_w / N each (1 for equal shards). */
    public static double[] weights(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] w = new double[counts.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = counts.length * counts[i] / total;
        }
        return w;
    }

    public int count() {
        return rows.length / dim;
    }

    /** Uniform rows with replacement from one stream. */
    @Override
    public PointSampler sampler(UniformRandomProvider rng) {
        int n = count();
        return (out, offset) -> System.arraycopy(rows, dim * rng.nextInt(n), out, offset, dim);
    }
}
