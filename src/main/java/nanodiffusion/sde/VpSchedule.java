package nanodiffusion.sde;

import nanodiffusion.config.SdeConfig;

/**
 * The variance-preserving SDE dx = -1/2 beta(t) x dt + sqrt(beta(t)) dW with linear
 * beta(t) = betaMin + (betaMax - betaMin) t / T. Its forward kernel is x_t = alpha(t) x0 + sigma(t) eps with
 * alpha(t) = exp(-1/2 integral_0^t beta) and sigma(t) = sqrt(1 - alpha(t)^2).
 */
public final class VpSchedule implements java.io.Serializable {
    private final double betaMin;
    private final double betaMax;
    private final double horizon;

    public VpSchedule(double betaMin, double betaMax, double horizon) {
        this.betaMin = betaMin;
        this.betaMax = betaMax;
        this.horizon = horizon;
    }

    public static VpSchedule of(SdeConfig c) {
        return new VpSchedule(c.betaMin(), c.betaMax(), c.T());
    }

    /** The end time T. */
    public double horizon() {
        return horizon;
    }

    public double beta(double t) {
        return betaMin + (betaMax - betaMin) * t / horizon;
    }

    /** integral_0^t beta(s) ds = betaMin t + (betaMax - betaMin) t^2 / (2T). */
    public double betaIntegral(double t) {
        return betaMin * t + (betaMax - betaMin) * t * t / (2 * horizon);
    }

    /** alpha(t) = A(t) = exp(-1/2 integral_0^t beta). */
    public double alpha(double t) {
        return Math.exp(-0.5 * betaIntegral(t));
    }

    /** lambda(t) = log(alpha(t) / sigma(t)), half the log signal-to-noise ratio; decreasing in t. */
    public double logSnr(double t) {
        double b = betaIntegral(t);
        return -0.5 * b - 0.5 * Math.log(-Math.expm1(-b));
    }

    /**
     * The t with logSnr(t) = lambda: alpha^2 = 1 / (1 + e^(-2 lambda)), so integral_0^t beta = log(1 + e^(-2 lambda))
     * = betaMin t + (betaMax - betaMin) t^2 / (2T), solved for t >= 0 (the positive root, in the cancellation-free
     * form 2c / (b + sqrt(b^2 + 4ac))).
     */
    public double timeOfLogSnr(double lambda) {
        double x = -2 * lambda;
        double c = x > 700 ? x : Math.log1p(Math.exp(x)); // log(1 + e^x) = x to double precision beyond 700
        double a = (betaMax - betaMin) / (2 * horizon);
        return a == 0 ? c / betaMin : 2 * c / (betaMin + Math.sqrt(betaMin * betaMin + 4 * a * c));
    }

    /** sigma(t) = B(t) = sqrt(1 - alpha^2), via expm1 so it stays accurate as t -> 0. */
    public double sigma(double t) {
        return Math.sqrt(-Math.expm1(-betaIntegral(t)));
    }
}
