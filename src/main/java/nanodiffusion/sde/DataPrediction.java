package nanodiffusion.sde;

/**
 * The denoised prediction x0_hat(x, t) = E[x0 | x_t = x] = (x + sigma(t)^2 s(x, t)) / alpha(t) (Tweedie's
 * formula), for a batch, from any score model: what the exponential-integrator and EDM samplers step with.
 */
final class DataPrediction {
    private final Sde sde;
    private final ScoreFunction score;
    private double[] s = new double[0];

    DataPrediction(Sde sde, ScoreFunction score) {
        this.sde = sde;
        this.score = score;
    }

    /** Writes x0_hat for the first n points of x into out (one score evaluation). */
    void evaluate(double[] x, int n, double t, double[] out) {
        int m = score.dim() * n;
        if (s.length < m) {
            s = new double[m];
        }
        score.evaluate(x, n, t, s);
        double a = sde.alpha(t);
        double var = sde.variance(t);
        for (int i = 0; i < m; i++) {
            out[i] = (x[i] + var * s[i]) / a;
        }
    }
}
