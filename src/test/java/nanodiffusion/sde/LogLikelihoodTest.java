package nanodiffusion.sde;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogLikelihoodTest {
    private final VpSchedule schedule = new VpSchedule(0.1, 20, 1);

    @Test
    void exactGaussianScoreGivesTheGaussianLogDensity() {
        double s = 0.5;
        ScoreDivergence exact = (xy, n, t, score, divergence) -> {
            double a = schedule.alpha(t);
            double b = schedule.sigma(t);
            double v = a * a * s * s + b * b;
            for (int i = 0; i < n; i++) {
                score[2 * i] = -xy[2 * i] / v;
                score[2 * i + 1] = -xy[2 * i + 1] / v;
                divergence[i] = -2 / v;
            }
        };
        double[] xy = {0.0, 0.0, 0.3, -0.4, 1.0, 0.2, -0.7, -0.9};
        int n = xy.length / 2;
        double[] logp = new double[n];
        new LogLikelihood(schedule, 1e-6).logDensity(xy.clone(), n, exact, logp);
        for (int i = 0; i < n; i++) {
            double r2 = xy[2 * i] * xy[2 * i] + xy[2 * i + 1] * xy[2 * i + 1];
            double expected = -Math.log(2 * Math.PI * s * s) - r2 / (2 * s * s);
            // the bar: 1e-2 nats per point (the N(0, I) prior at T and t_eps = 1e-5 cost ~1e-4)
            assertEquals(expected, logp[i], 1e-2, "point " + i);
        }
    }
}
