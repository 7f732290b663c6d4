package nanodiffusion.sde;

/**
 * The denoised prediction x0_hat(x, t) = E[x0 | x_t = x] = (x + sigma(t)^2 s(x, t)) / alpha(t) (Tweedie's
 * formula), for a batch, from any score model: what the exponential-integrator and EDM samplers step with.
 */
final class DataPrediction {
    private final VpSde schedule;
    private final ScoreFunction score;
    private double[] s = new double[0];

    DataPrediction(VpSde schedule, ScoreFunction score) {
        this.schedule = schedule;
        this.score = score;
    }

    /** Writes x0_hat for the first n points of x into out (one score evaluation). */
    void evaluate(double[] x, int n, double t, double[] out) {
        int m = score.dim() * n;
        if (s.length < m) {
            s = new double[m];
        }
        score.evaluate(x, n, t, s);
        double a = schedule.alpha(t);
        double var = -Math.expm1(-schedule.betaIntegral(t)); // sigma^2
        for (int i = 0; i < m; i++) {
            out[i] = (x[i] + var * s[i]) / a;
        }
    }
}
