package nanodiffusion.sde;

/**
 * The drift of the reverse-time dynamics of an {@link Sde} dx = f(t) x dt + g(t) dW at one time t, given the score
 * s = grad log p_t (Anderson 1982; Song et al. 2021, eqs. 6 and 13; score_sde's {@code SDE.reverse}):
 * <pre>
 *   mu(x, t) = f(t) x - w g(t)^2 s(x, t),   w = 1: the reverse SDE dx = mu dt + g dW-bar, run from T to 0,
 *                                           w = 1/2: the probability-flow ODE dx/dt = mu,
 * </pre>
 * with divergence div mu = f(t) d - w g(t)^2 tr(ds/dx) in R^d. Written once here: the Euler-Maruyama and
 * predictor-corrector samplers, the probability-flow ODE solvers and the likelihood all take their drift from it.
 */
public final class ReverseDrift {
    private final double f;
    private final double g2;
    private final double weight;
    private final double scoreFactor; // w g^2

    private ReverseDrift(double f, double g2, double weight) {
        this.f = f;
        this.g2 = g2;
        this.weight = weight;
        this.scoreFactor = weight * g2;
    }

    /** The reverse SDE's drift at t: mu = f x - g^2 s. */
    public static ReverseDrift sde(Sde sde, double t) {
        return new ReverseDrift(sde.drift(t), sde.diffusionSquared(t), 1);
    }

    /** The probability flow's drift at t: mu = f x - 1/2 g^2 s. */
    public static ReverseDrift flow(Sde sde, double t) {
        return new ReverseDrift(sde.drift(t), sde.diffusionSquared(t), 0.5);
    }

    /** Writes mu(x, s) for the first m coordinates into out, which may be s itself. */
    public void evaluate(double[] x, double[] s, int m, double[] out) {
        // grouped as f (x + s) - (f + w g^2) s: a VP SDE has g^2 = -2f, so for its flow f + w g^2 is exactly 0 and
        // this is the f (x + s) = -1/2 beta (x + s) the VP code has always evaluated, bit for bit
        double excess = f + scoreFactor;
        for (int i = 0; i < m; i++) {
            out[i] = f * (x[i] + s[i]) - excess * s[i];
        }
    }

    /** div mu of one point in R^dim whose score has divergence tr(ds/dx) = trace (grouped as {@link #evaluate}). */
    public double divergence(int dim, double trace) {
        return f * (dim + trace) - (f + scoreFactor) * trace;
    }

    /**
     * One Euler-Maruyama step back in time over dt on the first m coordinates:
     * x <- x - mu dt + sqrt((2w - 1) g^2 dt) z, the noise only when {@code noisy}. For w = 1 this is the reverse SDE
     * (the VP form: x + (beta/2 x + beta s) dt + sqrt(beta dt) z); for w = 1/2 the noise vanishes and it is Euler
     * on the probability flow.
     */
    public void step(double[] x, double[] s, double[] z, int m, double dt, boolean noisy) {
        double shrink = -f * dt;
        double diffusion = noisy ? Math.sqrt((2 * weight - 1) * g2 * dt) : 0;
        for (int i = 0; i < m; i++) {
            x[i] += shrink * x[i] + scoreFactor * s[i] * dt + diffusion * z[i];
        }
    }
}
