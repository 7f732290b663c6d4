package nanodiffusion.sde;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Before the guards each of these solves never returned; 30 s is generous for 50,000 evaluations of 2 numbers. */
    private static final Duration BOUNDED = Duration.ofSeconds(30);

    @Test
    void aNonFiniteCoordinateIsRefusedNamingThePointInsteadOfSpinning() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            double[] x = {0.1, 0.2, 0.3, bad};
            IllegalArgumentException e = assertTimeoutPreemptively(BOUNDED, () -> assertThrows(
                    IllegalArgumentException.class, () -> new LogLikelihood(schedule, 1e-5).logDensity(x, 2,
                            new GaussianScore(2, 0.5, schedule), new double[2])));
            assertEquals("point 1 has a non-finite coordinate (" + bad + "); its log-density is undefined",
                    e.getMessage());
        }
    }

    @Test
    void aScoreThatTurnsNonFiniteStopsTheSolveAtOnce() {
        ScoreDivergence nanScore = new ScoreDivergence() {
            @Override
            public int dim() {
                return 2;
            }

            @Override
            public void evaluate(double[] x, int n, double t, double[] score, double[] divergence) {
                java.util.Arrays.fill(score, t > 0.5 ? Double.NaN : 0.0);
                java.util.Arrays.fill(divergence, 0.0);
            }
        };
        ArithmeticException e = assertTimeoutPreemptively(BOUNDED, () -> assertThrows(ArithmeticException.class,
                () -> new LogLikelihood(schedule, 1e-5).logDensity(new double[] {0.1, 0.2}, 1, nanScore, new double[1])));
        assertTrue(e.getMessage().startsWith("the likelihood ODE met a non-finite score or divergence at t = "),
                e.getMessage());
    }

    @Test
    void aScoreTooRoughToIntegrateEndsAtTheEvaluationCap() {
        // +-1000 alternating from one call to the next: the error control needs steps near tolerance / 1000, about
        // 10^8 of them, so only the cap ends the solve
        int[] calls = {0};
        ScoreDivergence rough = new ScoreDivergence() {
            @Override
            public int dim() {
                return 2;
            }

            @Override
            public void evaluate(double[] x, int n, double t, double[] score, double[] divergence) {
                java.util.Arrays.fill(score, calls[0]++ % 2 == 0 ? 1000.0 : -1000.0);
                java.util.Arrays.fill(divergence, 0.0);
            }
        };
        ArithmeticException e = assertTimeoutPreemptively(BOUNDED, () -> assertThrows(ArithmeticException.class,
                () -> new LogLikelihood(schedule, 1e-5).logDensity(new double[] {0.1, 0.2}, 1, rough, new double[1])));
        assertTrue(e.getMessage().startsWith("the likelihood ODE did not reach t = 1.0 within 50000 score evaluations"),
                e.getMessage());
        assertTrue(e.getMessage().contains("maximal count (50,000) exceeded"), e.getMessage());
        assertTrue(calls[0] <= LogLikelihood.MAX_EVALUATIONS + 10, "stopped at the cap: " + calls[0] + " calls");
    }
}
