package nanodiffusion.data;

/**
 * Count, mean and sum of squared deviations per column, accumulated row by row (Welford) and merged across
 * partitions (Chan et al.), so a Spark aggregate gives the same moments as one pass, without the cancellation of
 * sum x^2 - n mean^2.
 */
public final class ColumnMoments implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private long count;
    private final double[] mean;
    private final double[] squares;

    public ColumnMoments(int dim) {
        mean = new double[dim];
        squares = new double[dim];
    }

    /** Adds the row at values[offset .. offset + dim - 1]. */
    public ColumnMoments add(double[] values, int offset) {
        count++;
        for (int c = 0; c < mean.length; c++) {
            double delta = values[offset + c] - mean[c];
            mean[c] += delta / count;
            squares[c] += delta * (values[offset + c] - mean[c]);
        }
        return this;
    }

    /** This and {@code other} combined (this is updated and returned). */
    public ColumnMoments merge(ColumnMoments other) {
        if (other.count == 0) {
            return this;
        }
        long n = count + other.count;
        for (int c = 0; c < mean.length; c++) {
            double delta = other.mean[c] - mean[c];
            mean[c] += delta * other.count / n;
            squares[c] += other.squares[c] + delta * delta * ((double) count * other.count / n);
        }
        count = n;
        return this;
    }

    public long count() {
        return count;
    }

    public double mean(int c) {
        return mean[c];
    }

    /** Population standard deviation. */
    public double std(int c) {
        return count == 0 ? Double.NaN : Math.sqrt(squares[c] / count);
    }
}
