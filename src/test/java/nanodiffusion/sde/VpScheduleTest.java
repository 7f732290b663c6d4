package nanodiffusion.sde;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VpScheduleTest {
    private final VpSchedule schedule = new VpSchedule(0.1, 20, 1);

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
}
