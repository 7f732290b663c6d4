package nanodiffusion.sde;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogLikelihoodTest {
    private final VpSde schedule = new VpSde(0.1, 20, 1);

    /** log N(x; 0, s^2 I_d) = -d/2 log(2 pi s^2) - |x|^2 / (2 s^2). */
    private static double gaussianLogDensity(double[] x, int offset, int dim, double s) {
        double r2 = 0;
        for (int c = 0; c < dim; c++) {
            r2 += x[offset + c] * x[offset + c];
        }
        return -0.5 * dim * Math.log(2 * Math.PI * s * s) - r2 / (2 * s * s);
    }

    private void assertGaussianLogDensity(int dim, double[] x) {
        assertGaussianLogDensity(schedule, dim, x);
    }

    private static void assertGaussianLogDensity(Sde sde, int dim, double[] x) {
        double s = 0.5;
        int n = x.length / dim;
        double[] logp = new double[n];
        new LogLikelihood(sde, 1e-6).logDensity(x.clone(), n, new GaussianScore(dim, s, sde), logp);
        for (int i = 0; i < n; i++) {
            // the bar: 1e-2 nats per point (the prior standing for p_T and t_eps = 1e-5 cost ~1e-4 per coordinate
            // for VP and sub-VP; VE's prior N(0, sigmaMax^2) misses p_T's variance sigmaMax^2 + s^2 by s^2 / sigmaMax^2)
            assertEquals(gaussianLogDensity(x, dim * i, dim, s), logp[i], 1e-2,
                    sde.getClass().getSimpleName() + " " + dim + "D point " + i);
        }
    }

    @Test
    void subVpAndVeSdesGiveTheGaussianLogDensityToo() {
        for (Sde sde : new Sde[] {new SubVpSde(0.1, 20, 1), new VeSde(0.01, 100, 1)}) {
            assertGaussianLogDensity(sde, 2, new double[] {0.0, 0.0, 0.3, -0.4, 1.0, 0.2, -0.7, -0.9});
            assertGaussianLogDensity(sde, 3, new double[] {0.0, 0.0, 0.0, 0.3, -0.4, 0.5, 1.0, 0.2, -0.1});
        }
    }

    @Test
    void exactGaussianScoreGivesTheGaussianLogDensity() {
        assertGaussianLogDensity(2, new double[] {0.0, 0.0, 0.3, -0.4, 1.0, 0.2, -0.7, -0.9});
    }

    @Test
    void exactGaussianScoreGivesTheGaussianLogDensityInThreeDimensions() {
        assertGaussianLogDensity(3, new double[] {0.0, 0.0, 0.0, 0.3, -0.4, 0.5, 1.0, 0.2, -0.1, -0.7, -0.9, 0.6});
    }
}
