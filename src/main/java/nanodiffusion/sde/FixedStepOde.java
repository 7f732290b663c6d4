package nanodiffusion.sde;

/**
 * Fixed-step Heun (order 2) or classical Runge-Kutta (order 4) on the probability-flow ODE from t = T to 0 over a
 * time grid of N steps; 2 or 4 score evaluations per step.
 */
public record FixedStepOde(Sde sde, TimeGrid grid, Method method) implements Sampler {
    /** Heun's method or RK4. */
    public enum Method {
        HEUN, RK4
    }

    @Override
    public long integrate(double[] xy, int n, ScoreFunction score, GaussianNoise noise) {
        ProbabilityFlow flow = new ProbabilityFlow(sde, score);
        int m = score.dim() * n;
        double[] k1 = new double[m];
        double[] k2 = new double[m];
        double[] k3 = new double[m];
        double[] k4 = new double[m];
        double[] tmp = new double[m];
        for (int k = grid.steps(); k >= 1; k--) {
            double t = grid.time(k);
            double h = -grid.width(k); // backwards in time
            flow.velocity(t, xy, n, k1);
            if (method == Method.HEUN) {
                axpy(xy, h, k1, tmp, m);
                flow.velocity(t + h, tmp, n, k2);
                for (int i = 0; i < m; i++) {
                    xy[i] += h / 2 * (k1[i] + k2[i]);
                }
            } else {
                axpy(xy, h / 2, k1, tmp, m);
                flow.velocity(t + h / 2, tmp, n, k2);
                axpy(xy, h / 2, k2, tmp, m);
                flow.velocity(t + h / 2, tmp, n, k3);
                axpy(xy, h, k3, tmp, m);
                flow.velocity(t + h, tmp, n, k4);
                for (int i = 0; i < m; i++) {
                    xy[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                }
            }
        }
        return (long) grid.steps() * (method == Method.HEUN ? 2 : 4);
    }

    private static void axpy(double[] x, double a, double[] y, double[] out, int m) {
        for (int i = 0; i < m; i++) {
            out[i] = x[i] + a * y[i];
        }
    }
}
