package nanodiffusion.data;

import java.util.Arrays;

/**
 * Per-column affine map z = (x - mean) / std of a table's training rows, and back: training sees z, samples are
 * returned as x. The identity (mean 0, std 1) when data.standardize is off. In the likelihood,
 * log p_x(x) = log p_z(z) - sum_c log std_c.
 */
public record Standardization(double[] mean, double[] std) implements java.io.Serializable {
    public Standardization {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std differ in length");
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("standard deviations must be finite and > 0: " + Arrays.toString(std));
            }
        }
    }

    public static Standardization identity(int dim) {
        double[] ones = new double[dim];
        Arrays.fill(ones, 1);
        return new Standardization(new double[dim], ones);
    }

    public int dim() {
        return mean.length;
    }

    /** x -> (x - mean) / std in place, for every point of an interleaved array. */
    public void standardize(double[] x) {
        int d = dim();
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean[i % d]) / std[i % d];
        }
    }

    /** z -> mean + std z in place, for every point of an interleaved array. */
    public void restore(double[] z) {
        int d = dim();
        for (int i = 0; i < z.length; i++) {
            z[i] = mean[i % d] + std[i % d] * z[i];
        }
    }

    /** sum_c log std_c: subtract it from a log-density of z to get one of x. */
    public double logJacobian() {
        double sum = 0;
        for (double s : std) {
            sum += Math.log(s);
        }
        return sum;
    }
}
