package nanodiffusion.sde;

/**
 * Euler-Maruyama on the reverse VP SDE from t = T to 0 with N = T/dt steps: for n = N..1, t = n dt,
 * x <- x + (beta(t)/2 x + beta(t) s(x, t)) dt + sqrt(beta(t) dt) z.
 */
public final class ReverseSdeSampler {
    private final VpSchedule schedule;
    private final int steps;

    public ReverseSdeSampler(VpSchedule schedule, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        this.schedule = schedule;
        this.steps = steps;
    }

    public int steps() {
        return steps;
    }

    /** Integrates the first n points of xy (which hold x_T) in place down to t = 0. */
    public void integrate(double[] xy, int n, ScoreFunction score, GaussianNoise noise) {
        double dt = schedule.horizon() / steps;
        double[] s = new double[2 * n];
        double[] z = new double[2 * n];
        for (int k = steps; k >= 1; k--) {
            double t = k * dt;
            double beta = schedule.beta(t);
            score.evaluate(xy, n, t, s);
            noise.fill(z, n);
            double drift = 0.5 * beta * dt;
            double diffusion = Math.sqrt(beta * dt);
            for (int i = 0; i < 2 * n; i++) {
                xy[i] += drift * xy[i] + beta * s[i] * dt + diffusion * z[i];
            }
        }
    }
}
