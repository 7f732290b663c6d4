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

    /** sigma(t) = B(t) = sqrt(1 - alpha^2), via expm1 so it stays accurate as t -> 0. */
    public double sigma(double t) {
        return Math.sqrt(-Math.expm1(-betaIntegral(t)));
    }
}
