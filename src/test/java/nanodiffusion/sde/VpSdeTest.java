package nanodiffusion.sde;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The VP SDE's own closed forms; {@link SdeTest} checks what every SDE must satisfy. */
class VpSdeTest {
    private final VpSde schedule = new VpSde(0.1, 20, 1);

    @Test
    void alphaIsOneAndSigmaIsZeroAtTimeZero() {
        assertEquals(1.0, schedule.alpha(0), 0.0);
        assertEquals(0.0, schedule.sigma(0), 0.0);
    }

    @Test
    void alphaSquaredPlusSigmaSquaredIsOne() {
        for (double t = 0; t <= 1.0; t += 0.01) {
            double a = schedule.alpha(t);
            double s = schedule.sigma(t);
            // both terms are computed in double precision; the identity holds to a few ulps
            assertEquals(1.0, a * a + s * s, 1e-14, "t=" + t);
        }
    }

    @Test
    void betaIntegralMatchesQuadratureOfBeta() {
        for (double t : new double[] {0.01, 0.3, 0.77, 1.0}) {
            int n = 10_000;
            double h = t / n;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += schedule.beta((i + 0.5) * h) * h; // midpoint rule is exact for a linear integrand
            }
            assertEquals(sum, schedule.betaIntegral(t), 1e-12, "t=" + t);
        }
    }

    @Test
    void alphaMatchesTheClosedFormOfTheReference() {
        double t = 0.5;
        double expected = Math.exp(-0.5 * (0.1 * t + (20 - 0.1) * t * t / 2));
        assertEquals(expected, schedule.alpha(t), 1e-15);
        assertEquals(Math.sqrt(1 - expected * expected), schedule.sigma(t), 1e-14);
    }

    @Test
    void betaRunsLinearlyFromBetaMinToBetaMax() {
        assertEquals(0.1, schedule.beta(0), 1e-15);
        assertEquals(20, schedule.beta(1), 1e-12);
        assertEquals((0.1 + 20) / 2, schedule.beta(0.5), 1e-12);
    }

    @Test
    void driftIsMinusHalfBetaAndTheDiffusionSquaredIsBeta() {
        for (double t : new double[] {0, 0.25, 0.5, 1}) {
            assertEquals(-schedule.beta(t) / 2, schedule.drift(t), 0.0, "t=" + t); // halving is exact
            assertEquals(schedule.beta(t), schedule.diffusionSquared(t), 0.0, "t=" + t);
        }
        assertEquals(1.0, schedule.priorStd(), 0.0);
    }

    @Test
    void varianceIsOneMinusAlphaSquaredAndSigmaItsRoot() {
        for (double t = 0; t <= 1.0; t += 0.01) {
            double a = schedule.alpha(t);
            // 1 - a^2 cancels as t -> 0, where variance() stays accurate via expm1: compare in absolute terms
            assertEquals(1 - a * a, schedule.variance(t), 1e-15, "t=" + t);
            assertEquals(Math.sqrt(schedule.variance(t)), schedule.sigma(t), 0.0, "t=" + t);
        }
    }
}
