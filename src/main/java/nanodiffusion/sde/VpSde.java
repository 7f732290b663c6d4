package nanodiffusion.sde;

import nanodiffusion.config.SdeConfig;

/**
 * The variance-preserving SDE (score_sde's VPSDE) dx = -1/2 beta(t) x dt + sqrt(beta(t)) dW with linear
 * beta(t) = betaMin + (betaMax - betaMin) t / T: f = -beta/2 and g^2 = beta. Its forward kernel is
 * x_t = alpha(t) x0 + sigma(t) eps with alpha(t) = exp(-1/2 integral_0^t beta) and sigma(t) = sqrt(1 - alpha(t)^2),
 * so alpha^2 + sigma^2 = 1 at every t and the prior is N(0, I).
 */
public final class VpSde implements Sde {
    private static final long serialVersionUID = 1L;

    private final double betaMin;
    private final double betaMax;
    private final double horizon;

    public VpSde(double betaMin, double betaMax, double horizon) {
        this.betaMin = betaMin;
        this.betaMax = betaMax;
        this.horizon = horizon;
    }

    public static VpSde of(SdeConfig c) {
        return new VpSde(c.betaMin(), c.betaMax(), c.T());
    }

    @Override
    public double horizon() {
        return horizon;
    }

    /** f(t) = -1/2 beta(t). */
    @Override
    public double drift(double t) {
        return -0.5 * beta(t);
    }

    /** g(t)^2 = beta(t). */
    @Override
    public double diffusionSquared(double t) {
        return beta(t);
    }

    /** The prior N(0, I): the VP SDE keeps unit variance for data of unit variance. */
    @Override
    public double priorStd() {
        return 1;
    }

    /** beta(t) = betaMin + (betaMax - betaMin) t / T, the VP noise rate. */
    public double beta(double t) {
        return betaMin + (betaMax - betaMin) * t / horizon;
    }

    /** integral_0^t beta(s) ds = betaMin t + (betaMax - betaMin) t^2 / (2T). */
    public double betaIntegral(double t) {
        return betaMin * t + (betaMax - betaMin) * t * t / (2 * horizon);
    }

    /** alpha(t) = A(t) = exp(-1/2 integral_0^t beta). */
    @Override
    public double alpha(double t) {
        return Math.exp(-0.5 * betaIntegral(t));
    }

    /** lambda(t) = log(alpha(t) / sigma(t)) = -1/2 integral_0^t beta - 1/2 log(1 - e^(-integral_0^t beta)). */
    @Override
    public double logSnr(double t) {
        double b = betaIntegral(t);
        return -0.5 * b - 0.5 * Math.log(-Math.expm1(-b));
    }

    /**
     * The t with logSnr(t) = lambda: alpha^2 = 1 / (1 + e^(-2 lambda)), so integral_0^t beta = log(1 + e^(-2 lambda))
     * = betaMin t + (betaMax - betaMin) t^2 / (2T), solved for t >= 0 (the positive root, in the cancellation-free
     * form 2c / (b + sqrt(b^2 + 4ac))).
     */
    @Override
    public double timeOfLogSnr(double lambda) {
        double x = -2 * lambda;
        double c = x > 700 ? x : Math.log1p(Math.exp(x)); // log(1 + e^x) = x to double precision beyond 700
        return timeOfIntegral(c);
    }

    /** The t >= 0 with integral_0^t beta = c (the positive root, cancellation-free). */
    double timeOfIntegral(double c) {
        double a = (betaMax - betaMin) / (2 * horizon);
        return a == 0 ? c / betaMin : 2 * c / (betaMin + Math.sqrt(betaMin * betaMin + 4 * a * c));
    }

    /** sigma(t)^2 = B(t)^2 = 1 - alpha^2, via expm1 so it stays accurate as t -> 0; sigma(t) is its root. */
    @Override
    public double variance(double t) {
        return -Math.expm1(-betaIntegral(t));
    }
}
