package nanodiffusion.sde;

/**
 * The sub-VP SDE (score_sde's subVPSDE): the VP drift with a smaller diffusion,
 * <pre>
 *   dx = -1/2 beta(t) x dt + sqrt(beta(t) (1 - e^(-2 B(t)))) dW,   B(t) = integral_0^t beta,
 *   x_t = alpha(t) x0 + sigma(t) eps,   alpha = e^(-B/2),   sigma = 1 - e^(-B) = 1 - alpha^2,
 * </pre>
 * with the VP SDE's linear beta. Its variance stays below VP's at every t (sigma = 1 - alpha^2 against
 * sqrt(1 - alpha^2)); the prior is N(0, I).
 */
public final class SubVpSde implements Sde {
    private static final long serialVersionUID = 1L;

    private final VpSde vp;

    public SubVpSde(double betaMin, double betaMax, double horizon) {
        this.vp = new VpSde(betaMin, betaMax, horizon);
    }

    @Override
    public double horizon() {
        return vp.horizon();
    }

    /** f(t) = -1/2 beta(t), as for VP. */
    @Override
    public double drift(double t) {
        return vp.drift(t);
    }

    /** g(t)^2 = beta(t) (1 - e^(-2 B(t))). */
    @Override
    public double diffusionSquared(double t) {
        return vp.beta(t) * -Math.expm1(-2 * vp.betaIntegral(t));
    }

    @Override
    public double alpha(double t) {
        return vp.alpha(t);
    }

    /** sigma(t) = 1 - e^(-B(t)), via expm1 for small t. */
    @Override
    public double sigma(double t) {
        return -Math.expm1(-vp.betaIntegral(t));
    }

    @Override
    public double variance(double t) {
        double s = sigma(t);
        return s * s;
    }

    /** lambda = log(alpha / sigma) = -B/2 - log(1 - e^(-B)). */
    @Override
    public double logSnr(double t) {
        double b = vp.betaIntegral(t);
        return -0.5 * b - Math.log(-Math.expm1(-b));
    }

    /**
     * The t with logSnr(t) = lambda: with w = sigma = 1 - e^(-B), alpha = sqrt(1 - w) and e^lambda w = sqrt(1 - w),
     * so e^(2 lambda) w^2 + w - 1 = 0 and w = 2 / (1 + sqrt(1 + 4 e^(2 lambda))) (the positive root, without
     * cancellation); then B = -log(1 - w), which for lambda <= 0 (w near 1) is taken from
     * 1 - w = 4 e^(2 lambda) / (1 + sqrt(1 + 4 e^(2 lambda)))^2 instead; t as for VP.
     */
    @Override
    public double timeOfLogSnr(double lambda) {
        double e2 = Math.exp(2 * lambda);
        double root = Math.sqrt(1 + 4 * e2);
        double b = lambda > 0 ? -Math.log1p(-2 / (1 + root)) : 2 * Math.log1p(root) - Math.log(4 * e2);
        return vp.timeOfIntegral(b);
    }

    /** The prior N(0, I) (sigma(T) = 1 - e^(-B(T)), within 5e-5 of 1 for the default beta). */
    @Override
    public double priorStd() {
        return 1;
    }
}
