package nanodiffusion.sde;

/**
 * The probability-flow ODE of an SDE, dx/dt = f(t) x - 1/2 g(t)^2 s(x, t) ({@link ReverseDrift#flow}; for the VP SDE
 * -1/2 beta(t) (x + s(x, t))): deterministic given x_T.
 */
public final class ProbabilityFlow {
    private final Sde sde;
    private final ScoreFunction score;

    public ProbabilityFlow(Sde sde, ScoreFunction score) {
        this.sde = sde;
        this.score = score;
    }

    /** Writes dx/dt at time t for the first n points of xy into out. */
    public void velocity(double t, double[] xy, int n, double[] out) {
        score.evaluate(xy, n, t, out);
        ReverseDrift.flow(sde, t).evaluate(xy, out, score.dim() * n, out);
    }
}
