package nanodiffusion.sde;

/**
 * Predictor-corrector sampling (Song et al. 2021): at each grid time t = t_k, k = N..1, with step
 * h = t_k - t_(k-1), one Langevin corrector step x <- x + eps s + sqrt(2 eps) z with eps = 2 (1 + 2 f(t) h)
 * (snr |z| / |s|)^2 (norms averaged over the batch), then one Euler-Maruyama predictor step on the reverse SDE
 * ({@link ReverseDrift#step}); the last predictor step adds no noise. 1 + 2 f h is score_sde's factor alpha_i of
 * the Langevin step: DDPM's 1 - beta h for the VP and sub-VP SDEs (f = -beta/2), 1 for the VE SDE (f = 0).
 */
public record PredictorCorrector(Sde sde, TimeGrid grid, double snr) implements Sampler {
    @Override
    public long integrate(double[] xy, int n, ScoreFunction score, GaussianNoise noise) {
        int dim = score.dim();
        int m = dim * n;
        double[] s = new double[m];
        double[] z = new double[m];
        for (int k = grid.steps(); k >= 1; k--) {
            double t = grid.time(k);
            double dt = grid.width(k);
            score.evaluate(xy, n, t, s);
            noise.fill(z, n);
            double eps = 2 * (1 + 2 * sde.drift(t) * dt) * Math.pow(snr * meanNorm(z, n, dim) / meanNorm(s, n, dim), 2);
            double kick = Math.sqrt(2 * eps);
            for (int i = 0; i < m; i++) {
                xy[i] += eps * s[i] + kick * z[i];
            }
            score.evaluate(xy, n, t, s);
            noise.fill(z, n);
            ReverseDrift.sde(sde, t).step(xy, s, z, m, dt, k != 1);
        }
        return 2L * grid.steps();
    }

    private static double meanNorm(double[] v, int n, int dim) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Euclidean.norm(v, dim * i, dim);
        }
        return sum / n;
    }
}
