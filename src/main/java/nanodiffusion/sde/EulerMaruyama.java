package nanodiffusion.sde;

/**
 * Euler-Maruyama on the reverse VP SDE with N = T/dt steps: for n = N..1, t = n dt,
 * x <- x + (beta(t)/2 x + beta(t) s(x, t)) dt + sqrt(beta(t) dt) z. With {@code denoiseLast} the final step adds no
 * noise (it still draws z, so every other step matches the plain scheme exactly).
 */
public final class EulerMaruyama implements Sampler {
    private final VpSchedule schedule;
    private final int steps;
    private final boolean denoiseLast;

    public EulerMaruyama(VpSchedule schedule, int steps, boolean denoiseLast) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        this.schedule = schedule;
        this.steps = steps;
        this.denoiseLast = denoiseLast;
    }

    @Override
    public long integrate(double[] xy, int n, ScoreFunction score, GaussianNoise noise) {
        double dt = schedule.horizon() / steps;
        double[] s = new double[2 * n];
        double[] z = new double[2 * n];
        for (int k = steps; k >= 1; k--) {
            double t = k * dt;
            score.evaluate(xy, n, t, s);
            noise.fill(z, n);
            step(xy, s, z, n, schedule.beta(t), dt, !(denoiseLast && k == 1));
        }
        return steps;
    }

    /** One reverse step x <- x + (beta/2 x + beta s) dt + sqrt(beta dt) z, the noise term only when {@code noisy}. */
    static void step(double[] xy, double[] s, double[] z, int n, double beta, double dt, boolean noisy) {
        double drift = 0.5 * beta * dt;
        double diffusion = noisy ? Math.sqrt(beta * dt) : 0;
        for (int i = 0; i < 2 * n; i++) {
            xy[i] += drift * xy[i] + beta * s[i] * dt + diffusion * z[i];
        }
    }
}
