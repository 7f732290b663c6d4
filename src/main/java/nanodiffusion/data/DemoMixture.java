package nanodiffusion.data;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The demo table's law: four weather-like columns (temperature in C, pressure in hPa, humidity in %, wind in m/s)
 * from a mixture of three correlated Gaussian regimes - a calm high (weight 0.5), a humid low (0.3) and a storm
 * (0.2) - each x = mu_k + L_k z with z ~ N(0, I) and L_k lower triangular, so columns differ in units and scale and
 * are correlated within and across regimes.
 */
public final class DemoMixture implements DataSource {
    private static final long serialVersionUID = 1L;

    public static final String[] COLUMNS = {"temperature", "pressure", "humidity", "wind"};
    static final double[] WEIGHTS = {0.5, 0.3, 0.2};
    static final double[][] MEANS = {{22, 1020, 45, 3}, {16, 1005, 80, 6}, {12, 985, 90, 15}};
    static final double[][][] CHOLESKY = {
        {{3, 0, 0, 0}, {-2, 4, 0, 0}, {-4, 1, 6, 0}, {0.3, -0.2, 0.1, 1}},
        {{2, 0, 0, 0}, {-1, 5, 0, 0}, {2, -3, 5, 0}, {0.5, -1, 0.5, 1.5}},
        {{2, 0, 0, 0}, {1, 8, 0, 0}, {0.5, -2, 3, 0}, {1, -3, 1, 3}},
    };

    @Override
    public int dim() {
        return COLUMNS.length;
    }

    @Override
    public PointSampler sampler(UniformRandomProvider rng) {
        ContinuousSampler normal = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] z = new double[COLUMNS.length];
        return (out, offset) -> {
            double u = rng.nextDouble();
            int k = u < WEIGHTS[0] ? 0 : u < WEIGHTS[0] + WEIGHTS[1] ? 1 : 2;
            for (int c = 0; c < z.length; c++) {
                z[c] = normal.sample();
            }
            for (int r = 0; r < z.length; r++) {
                double v = MEANS[k][r];
                for (int c = 0; c <= r; c++) {
                    v += CHOLESKY[k][r][c] * z[c];
                }
                out[offset + r] = v;
            }
        };
    }

    /** The mixture's mean of column c: sum_k w_k mu_kc. */
    public static double mean(int c) {
        double m = 0;
        for (int k = 0; k < WEIGHTS.length; k++) {
            m += WEIGHTS[k] * MEANS[k][c];
        }
        return m;
    }
}
