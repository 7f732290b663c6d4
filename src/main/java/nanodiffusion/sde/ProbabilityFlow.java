package nanodiffusion.sde;

/** The probability-flow ODE of the VP SDE, dx/dt = -1/2 beta(t) (x + s(x, t)): deterministic given x_T. */
public final class ProbabilityFlow {
    private final VpSde schedule;
    private final ScoreFunction score;

    public ProbabilityFlow(VpSde schedule, ScoreFunction score) {
        this.schedule = schedule;
        this.score = score;
    }

    /** Writes dx/dt at time t for the first n points of xy into out. */
    public void velocity(double t, double[] xy, int n, double[] out) {
        score.evaluate(xy, n, t, out);
        double half = -0.5 * schedule.beta(t);
        for (int i = 0, m = score.dim() * n; i < m; i++) {
            out[i] = half * (xy[i] + out[i]);
        }
    }
}
