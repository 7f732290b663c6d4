package nanodiffusion.sde;

/**
 * Euler-Maruyama on the reverse VP SDE over a time grid: for k = N..1, t = t_k, h = t_k - t_(k-1),
 * x <- x + (beta(t)/2 x + beta(t) s(x, t)) h + sqrt(beta(t) h) z. On the uniform grid (h = dt) this is the seed's
 * scheme exactly. With {@code denoiseLast} the final step adds no noise (it still draws z, so every other step
 * matches the plain scheme exactly).
 */
public record EulerMaruyama(VpSde schedule, TimeGrid grid, boolean denoiseLast) implements Sampler {
    @Override
    public long integrate(double[] xy, int n, ScoreFunction score, GaussianNoise noise) {
        int m = score.dim() * n;
        double[] s = new double[m];
        double[] z = new double[m];
        for (int k = grid.steps(); k >= 1; k--) {
            double t = grid.time(k);
            score.evaluate(xy, n, t, s);
            noise.fill(z, n);
            step(xy, s, z, m, schedule.beta(t), grid.width(k), !(denoiseLast && k == 1));
        }
        return grid.steps();
    }

    /**
     * One reverse step x <- x + (beta/2 x + beta s) dt + sqrt(beta dt) z on the first m coordinates, the noise term
     * only when {@code noisy}.
     */
    static void step(double[] xy, double[] s, double[] z, int m, double beta, double dt, boolean noisy) {
        double drift = 0.5 * beta * dt;
        double diffusion = noisy ? Math.sqrt(beta * dt) : 0;
        for (int i = 0; i < m; i++) {
            xy[i] += drift * xy[i] + beta * s[i] * dt + diffusion * z[i];
        }
    }
}
