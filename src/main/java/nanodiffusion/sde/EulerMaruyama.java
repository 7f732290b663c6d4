package nanodiffusion.sde;

/**
 * Euler-Maruyama on the reverse SDE over a time grid: for k = N..1, t = t_k, h = t_k - t_(k-1),
 * x <- x - (f(t) x - g(t)^2 s(x, t)) h + g(t) sqrt(h) z ({@link ReverseDrift#step}); for the VP SDE
 * x + (beta(t)/2 x + beta(t) s(x, t)) h + sqrt(beta(t) h) z, on the uniform grid (h = dt) the seed's scheme exactly.
 * With {@code denoiseLast} the final step adds no noise (it still draws z, so every other step matches the plain
 * scheme exactly).
 */
public record EulerMaruyama(Sde sde, TimeGrid grid, boolean denoiseLast) implements Sampler {
    @Override
    public long integrate(double[] xy, int n, ScoreFunction score, GaussianNoise noise) {
        int m = score.dim() * n;
        double[] s = new double[m];
        double[] z = new double[m];
        for (int k = grid.steps(); k >= 1; k--) {
            double t = grid.time(k);
            score.evaluate(xy, n, t, s);
            noise.fill(z, n);
            ReverseDrift.sde(sde, t).step(xy, s, z, m, grid.width(k), !(denoiseLast && k == 1));
        }
        return grid.steps();
    }
}
